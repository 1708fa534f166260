/**
 * Chinese company-name comparison for bank reconciliation: a bank line's payer 对方户名 is the
 * payer's registered name, the customer master often holds a shorter trading name. Both are
 * normalised (full/half width, brackets, legal suffixes, leading province/city) and compared by
 * character-bigram Dice plus an abbreviation test (华润万家 ↔ 华润万家生活超市, 深国投 ↔ 深圳国际信托投资).
 */

// Longest first: 股份有限公司 must go before 有限公司.
const LEGAL_SUFFIXES = [
  '股份有限公司', '有限责任公司', '集团有限公司', '集团股份公司', '有限公司', '分公司', '总公司', '子公司', '办事处', '经营部', '营业部', '集团', '公司', '股份',
  'co.,ltd.', 'co.,ltd', 'co.ltd', 'co. ltd', 'limited', 'ltd.', 'ltd', 'inc.', 'inc', 'corp.', 'corp', 'company', 'co.',
];

const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南', '广东', '海南',
  '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门',
];

const SUFFIX_KEYS = LEGAL_SUFFIXES.map((suf) => suf.replace(/[\s.,]/g, ''));

/** A leading place: a province, autonomous region or city written with its 省/市/自治区 suffix, or a bare province name. */
const LEADING_PLACE = new RegExp(
  `^(?:(?:${PROVINCES.join('|')})(?:省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区)?|[\\u4e00-\\u9fa5]{2,3}(?:市|县|区))`,
);

/** Full-width → half-width (NFKC), lower case, brackets and their content out, punctuation and spaces out. */
function basic(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[([【〔][^)\]】〕]*[)\]】〕]/g, '')
    .replace(/[\s·•.,，、'"“”‘’\-_/&()[\]【】〔〕]/g, '');
}

/**
 * The comparable core of a company name: 广东省深圳市华润万家生活超市（广州）有限公司 → 华润万家生活超市.
 * Never strips down to less than two characters (深圳市公司 stays 深圳市).
 */
export function normaliseCompanyName(name: string): string {
  let s = basic(name);
  for (let changed = true; changed; ) {
    changed = false;
    for (const key of SUFFIX_KEYS) {
      if (s.endsWith(key) && s.length - key.length >= 2) {
        s = s.slice(0, -key.length);
        changed = true;
      }
    }
  }
  for (let i = 0; i < 3; i++) {
    const m = LEADING_PLACE.exec(s);
    if (!m || s.length - m[0].length < 2) break;
    s = s.slice(m[0].length);
  }
  return s;
}

// Cities often written bare at the start of a name (杭州联华超市 for 联华超市).
const CITIES = [
  '广州', '深圳', '杭州', '南京', '苏州', '武汉', '成都', '西安', '长沙', '郑州', '济南', '青岛', '沈阳', '大连', '厦门', '福州', '宁波', '无锡', '合肥', '昆明',
  '南昌', '哈尔滨', '长春', '石家庄', '太原', '南宁', '贵阳', '兰州', '海口', '佛山', '东莞', '温州', '绍兴', '嘉兴', '金华', '台州', '常州', '南通', '徐州', '烟台',
  '珠海', '中山', '惠州', '泉州', '扬州', '镇江', '湖州', '潍坊', '洛阳', '乌鲁木齐', '呼和浩特', '银川', '西宁', '拉萨',
];
const BARE_PLACE = new RegExp(`^(?:${[...PROVINCES, ...CITIES].join('|')})`);

/**
 * The forms a name is compared in: its normalised core, and that core without a bare leading
 * place name (杭州联华超市 → 联华超市). Both are kept because the place is sometimes part of an
 * abbreviation (深国投 = 深圳国际信托投资).
 */
export function companyNameVariants(name: string): string[] {
  const core = normaliseCompanyName(name);
  const m = BARE_PLACE.exec(core);
  const bare = m && core.length - m[0].length >= 2 ? core.slice(m[0].length) : core;
  return core ? [...new Set([core, bare])] : [];
}

/** Character bigrams (a one-character name is its own single "bigram"). */
export function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars.length ? [chars[0] as string] : [];
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push((chars[i] as string) + (chars[i + 1] as string));
  return out;
}

/** Dice coefficient over bigram multisets, 0–1. */
export function dice(a: string, b: string): number {
  return diceOfGrams(bigrams(a), bigrams(b));
}

/** Dice over precomputed bigram lists (names are short: a quadratic scan beats building maps). */
export function diceOfGrams(A: readonly string[], B: readonly string[]): number {
  if (A.length === 0 || B.length === 0) return 0;
  // Which of B's bigrams are taken: a bit mask for ordinary names, an array for very long ones.
  const used = B.length > 30 ? new Uint8Array(B.length) : null;
  let mask = 0;
  let shared = 0;
  for (const g of A) {
    for (let j = 0; j < B.length; j++) {
      const taken = used ? used[j] === 1 : (mask & (1 << j)) !== 0;
      if (!taken && B[j] === g) {
        if (used) used[j] = 1;
        else mask |= 1 << j;
        shared++;
        break;
      }
    }
  }
  return (2 * shared) / (A.length + B.length);
}

/**
 * "One is an abbreviation of the other": the shorter (≥ 2 characters) starts with the longer's
 * first character and all its characters appear in order in the longer one.
 */
export function isAbbreviation(a: string, b: string): boolean {
  // Code units, not code points: names are short BMP text, and this runs for every candidate.
  const short = a.length <= b.length ? a : b;
  const long = a.length <= b.length ? b : a;
  if (short.length < 2 || short.length === long.length || short.charCodeAt(0) !== long.charCodeAt(0)) return false;
  let j = 0;
  for (let i = 0; i < long.length && j < short.length; i++) if (long.charCodeAt(i) === short.charCodeAt(j)) j++;
  return j === short.length;
}

export type NameMatchKind = 'exact' | 'abbreviation' | 'similar';

/** Similarity of two already-normalised names, 0–1, with how it was reached; null below 0.5. */
export function compareNames(a: string, b: string): { similarity: number; kind: NameMatchKind } | null {
  return compareGrams(a, bigrams(a), b, bigrams(b));
}

/** compareNames with both names' bigrams already computed (the matcher keeps them in its index). */
export function compareGrams(a: string, aGrams: readonly string[], b: string, bGrams: readonly string[]): { similarity: number; kind: NameMatchKind } | null {
  if (!a || !b) return null;
  if (a === b) return { similarity: 1, kind: 'exact' };
  const d = diceOfGrams(aGrams, bGrams);
  if (isAbbreviation(a, b)) return { similarity: Math.max(d, 0.85), kind: 'abbreviation' };
  return d >= 0.5 ? { similarity: d, kind: 'similar' } : null;
}
