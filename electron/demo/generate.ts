/**
 * Demo company generator (stub signature; filled in by the generator work).
 */
export type DemoScale = 'small' | 'medium' | 'large';

export interface DemoOptions {
  file: string;
  scale: DemoScale;
  seed: number;
  appVersion: string;
  /** The "today" of the demo company; fixed for reproducible output. */
  today?: string;
  scryptN?: number;
  /** better_sqlite3.node for the running runtime (Electron). */
  nativeBinding?: string;
}

export interface DemoStats {
  file: string;
  scale: DemoScale;
  counts: Record<string, number>;
  ms: number;
}

export const DEMO_PASSWORD = 'demo1234';

export async function generateDemo(_opts: DemoOptions): Promise<DemoStats> {
  throw new Error('not implemented yet');
}
