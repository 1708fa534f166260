/**
 * Builds a demo company file.
 *
 *   npm run demo -- --scale small|medium|large --seed N --out file [--force] [--today YYYY-MM-DD]
 *
 * Without --force an existing file is left alone and the command fails; with --force the file
 * (and its -wal/-shm companions) is removed first. Every demo user signs in with "demo1234".
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_PASSWORD, DEMO_SCALES, type DemoScale, DemoFileExistsError, generateDemo, removeDatabaseFiles } from '../electron/demo/generate';
import { APP_VERSION } from '../shared/version';

const USAGE = 'usage: npm run demo -- --scale small|medium|large [--seed N] [--out file] [--force] [--today YYYY-MM-DD] [--scrypt-n N]';

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values } = args;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const scale = values.scale as DemoScale;
  if (!DEMO_SCALES.includes(scale)) {
    console.error(`--scale must be one of ${DEMO_SCALES.join(', ')}\n${USAGE}`);
    return 2;
  }
  const seed = Number(values.seed);
  if (!Number.isSafeInteger(seed)) {
    console.error(`--seed must be an integer\n${USAGE}`);
    return 2;
  }
  const scryptN = values['scrypt-n'] === undefined ? undefined : Number(values['scrypt-n']);
  if (scryptN !== undefined && !(Number.isInteger(scryptN) && scryptN >= 2 && (scryptN & (scryptN - 1)) === 0)) {
    console.error('--scrypt-n must be a power of two');
    return 2;
  }
  const out = path.resolve(values.out ?? path.join('.tmp', `demo-${scale}-${seed}.sqlite`));
  if (fs.existsSync(out)) {
    if (!values.force) {
      console.error(`${out} exists; pass --force to replace it.`);
      return 1;
    }
    removeDatabaseFiles(out);
  }

  console.log(`Generating the ${scale} demo company (seed ${seed}) into ${out} …`);
  try {
    const stats = await generateDemo({ file: out, scale, seed, appVersion: APP_VERSION, today: values.today, scryptN });
    const rows = Object.entries(stats.counts).filter(([, n]) => n > 0);
    const width = Math.max(...rows.map(([t]) => t.length));
    for (const [table, n] of rows) console.log(`  ${table.padEnd(width)}  ${n.toLocaleString('en-US').padStart(10)}`);
    console.log(`  ${'total rows'.padEnd(width)}  ${rows.reduce((a, [, n]) => a + n, 0).toLocaleString('en-US').padStart(10)}`);
    const phases = Object.entries(stats.phases).map(([m, ms]) => `${m} ${ms} ms`).join(', ');
    console.log(`Done in ${stats.ms} ms (${phases}); today is ${stats.today}, generator ${stats.generatorVersion}.`);
    console.log(`Sign in as admin, neiqin, caiwu, jingli or rep01 … with the password "${DEMO_PASSWORD}".`);
    return 0;
  } catch (e) {
    console.error(e instanceof DemoFileExistsError ? e.message : e);
    return 1;
  }
}

function parse() {
  return parseArgs({
    options: {
      scale: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      out: { type: 'string' },
      force: { type: 'boolean', default: false },
      today: { type: 'string' },
      'scrypt-n': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
}

process.exitCode = await main();
