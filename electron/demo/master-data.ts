/**
 * Master data of the demo company: regions, the company itself (settings, users, roles, the
 * setup audit row), the product catalogue, and customers with their contacts.
 */
import { appendAudit } from '../db/repositories/audit';
import type { Role } from '../../shared/permissions';
import { type CustomerInfo, type DemoContext, type DemoModule, type ProductInfo, type RepInfo, prepareInsert } from './context';
import {
  COMPANY_NAMES,
  CONTACT_TITLES,
  CUSTOMER_NOTES,
  DISTRIBUTOR_SUFFIXES,
  EDITIONS,
  type Industry,
  NAME_SUFFIXES,
  PRODUCT_LINES,
  type Province,
  SALES_REGIONS,
  emailFor,
  mobileNumber,
  personName,
  tradeName,
} from './names';
import { type Rng, WeightedPicker, apportion, at } from './random';

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------
// Regions: 华东 … 东北, and for medium/large their provinces as children.

export const regionsModule: DemoModule = {
  name: 'regions',
  tables: ['regions'],
  run(ctx) {
    const insert = prepareInsert(ctx.sqlite, 'regions', ['code', 'name', 'parent_id']);
    const { data } = ctx;
    for (const r of SALES_REGIONS) {
      const topId = insert([r.code, r.name, null]);
      data.regions.push({ id: topId, code: r.code, name: r.name, parentId: null });
      for (const p of r.provinces) {
        let customerRegionId = topId;
        if (ctx.scale.provinces) {
          const code = `CN-${p.code}`;
          customerRegionId = insert([code, p.name, topId]);
          data.regions.push({ id: customerRegionId, code, name: p.name, parentId: topId });
        }
        data.territories.push({ province: p, topRegionId: topId, customerRegionId, repIds: [] });
      }
    }
  },
};

// ---------------------------------------------------------------------------------------------
// The company: settings, the office staff and the sales force, and the setup audit row.

export const companyModule: DemoModule = {
  name: 'company',
  tables: ['settings', 'users', 'user_roles', 'audit_log'],
  async run(ctx) {
    const { data, rng, time } = ctx;
    data.companyName = rng.pick(COMPANY_NAMES);
    const settings = { companyName: data.companyName, currency: 'CNY', fiscalYearStartMonth: 1, timeZone: 'Asia/Shanghai' };
    const insertSetting = prepareInsert(ctx.sqlite, 'settings', ['key', 'value', 'updated_at']);
    for (const [key, value] of Object.entries(settings)) insertSetting([key, JSON.stringify(value), time.setupAt]);

    const insertUser = prepareInsert(ctx.sqlite, 'users', ['username', 'display_name', 'password_hash', 'active', 'last_login_at', 'created_at', 'updated_at']);
    const insertRole = prepareInsert(ctx.sqlite, 'user_roles', ['user_id', 'role']);
    const addUser = (username: string, displayName: string, role: Role, createdAt: string) => {
      const id = insertUser([username, displayName, ctx.passwordHash, 1, null, createdAt, createdAt]);
      insertRole([id, role]);
      return id;
    };

    const used = new Set<string>();
    const uniqueName = () => {
      for (;;) {
        const n = personName(rng).name;
        if (!used.has(n)) {
          used.add(n);
          return n;
        }
      }
    };

    data.adminId = addUser('admin', '系统管理员', 'admin', time.setupAt);
    data.salesAdminId = addUser('neiqin', uniqueName(), 'sales_admin', time.setupAt);
    data.financeId = addUser('caiwu', uniqueName(), 'finance', time.setupAt);
    data.managerId = addUser('jingli', uniqueName(), 'sales_manager', time.setupAt);

    // Half the sales force came with the company; the rest were hired over time (not in the
    // last two months, so every rep has some history). rep01 is the longest serving.
    const n = ctx.scale.reps;
    const founders = Math.ceil(n / 2);
    const hiredDays = Array.from({ length: n }, (_, i) => (i < founders ? time.startDay : rng.int(time.startDay + 1, time.todayDay - 60))).sort((a, b) => a - b);
    const width = Math.max(2, String(n).length);
    for (let i = 0; i < n; i++) {
      const hiredDay = hiredDays[i] as number;
      const username = `rep${String(i + 1).padStart(width, '0')}`;
      const displayName = uniqueName();
      const createdAt = hiredDay === time.startDay ? time.setupAt : time.at(hiredDay, 9 * 3600 + rng.int(0, 3600));
      const id = addUser(username, displayName, 'sales_rep', createdAt);
      data.reps.push({ id, username, displayName, topRegionId: 0, provinceCodes: [], weight: rng.between(0.6, 1.4), hiredDay });
    }
    assignTerritories(ctx, rng.fork('territories'));

    await appendAudit(ctx.trx, {
      at: time.setupAt,
      actorId: data.adminId,
      actorName: 'admin',
      action: 'system.setup',
      entity: 'company',
      entityId: null,
      after: {
        companyName: settings.companyName,
        currency: settings.currency,
        fiscalYearStartMonth: settings.fiscalYearStartMonth,
        admin: 'admin',
        demo: { scale: ctx.scale.scale, seed: ctx.seed, today: time.today },
      },
    });
  },
};

/**
 * Gives every rep a sales region and one or more provinces in it. Regions get reps in
 * proportion to their business (at least one each); inside a region, a province with more
 * business than one rep can cover is shared, and small provinces are bundled.
 */
function assignTerritories(ctx: DemoContext, rng: Rng): void {
  const { data } = ctx;
  const reps = rng.shuffle([...data.reps]);
  const byRegion = SALES_REGIONS.map((r) => data.territories.filter((t) => r.provinces.includes(t.province)));
  const regionWeights = byRegion.map((ts) => sum(ts.map((t) => t.province.weight)));
  const perRegion = apportion(reps.length, regionWeights, 1);
  let next = 0;
  byRegion.forEach((territories, ri) => {
    const mine = reps.slice(next, next + (perRegion[ri] ?? 0));
    next += mine.length;
    if (mine.length === 0) return;
    const sorted = [...territories].sort((a, b) => b.province.weight - a.province.weight);
    const cover = (rep: RepInfo, t: (typeof territories)[number]) => {
      rep.topRegionId = t.topRegionId;
      rep.provinceCodes.push(t.province.code);
      t.repIds.push(rep.id);
    };
    if (mine.length >= sorted.length) {
      const perProvince = apportion(mine.length, sorted.map((t) => t.province.weight), 1);
      let k = 0;
      sorted.forEach((t, pi) => {
        for (let j = 0; j < (perProvince[pi] ?? 0); j++) cover(mine[k++] as RepInfo, t);
      });
    } else {
      // Longest-processing-time bundling: each province to the rep with the lightest load.
      const load = mine.map(() => 0);
      for (const t of sorted) {
        const i = load.indexOf(Math.min(...load));
        load[i] = (load[i] ?? 0) + t.province.weight;
        cover(mine[i] as RepInfo, t);
      }
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Products: product lines and a catalogue built from brand × item × packing spec.

interface Candidate {
  group: number;
  brand: number;
  item: number;
  spec: number;
  edition: number; // -1: none
}

export const productsModule: DemoModule = {
  name: 'products',
  tables: ['product_lines', 'products'],
  run(ctx) {
    const { data, rng, time } = ctx;
    const lines = PRODUCT_LINES.slice(0, ctx.scale.productLines);
    const insertLine = prepareInsert(ctx.sqlite, 'product_lines', ['code', 'name']);
    for (const l of lines) data.productLines.push({ id: insertLine([l.code, l.name]), code: l.code, name: l.name });

    interface Planned {
      lineIndex: number;
      name: string;
      unit: string;
      listPrice: number;
      standardCost: number;
      active: boolean;
      createdDay: number;
      initial: boolean;
    }
    const quotas = apportion(ctx.scale.products, lines.map((l) => l.weight), 1);
    const planned: Planned[] = [];
    lines.forEach((line, li) => {
      const quota = quotas[li] ?? 0;
      // Brand premium and item price level, fixed per line so a brand is consistently dear or cheap.
      const brandFactor = line.groups.map((g) => g.brands.map(() => rng.between(0.85, 1.35)));
      const itemFactor = line.groups.map((g) => g.items.map(() => rng.between(0.8, 1.25)));
      const base: Candidate[] = [];
      line.groups.forEach((g, gi) => {
        for (let bi = 0; bi < g.brands.length; bi++) {
          for (let ii = 0; ii < g.items.length; ii++) {
            for (let si = 0; si < g.specs.length; si++) base.push({ group: gi, brand: bi, item: ii, spec: si, edition: -1 });
          }
        }
      });
      rng.shuffle(base);
      let chosen = base.slice(0, quota);
      if (quota > base.length) {
        // Large catalogues also carry packing variants (家庭装, 电商专供 …) of the same goods.
        const variants = base.flatMap((c) => EDITIONS.map((_, e) => ({ ...c, edition: e })));
        rng.shuffle(variants);
        if (base.length + variants.length < quota) throw new Error(`product line ${line.code} cannot supply ${quota} distinct products`);
        chosen = [...base, ...variants.slice(0, quota - base.length)];
      }
      for (const c of chosen) {
        const g = at(line.groups, c.group);
        const [spec, unit, yuan] = at(g.specs, c.spec);
        const edition = c.edition >= 0 ? at(EDITIONS, c.edition) : null;
        const editionFactor = edition === '礼盒装' ? 1.2 : edition === '促销装' ? 0.9 : 1;
        const price = yuan * at(at(brandFactor, c.group), c.brand) * at(at(itemFactor, c.group), c.item) * editionFactor * rng.between(0.95, 1.05);
        const listPrice = Math.max(100, Math.round(price * 10) * 10); // 分, rounded to 角
        const standardCost = Math.round(listPrice * rng.between(0.55, 0.8));
        // Most of the catalogue was imported when the company started; the rest came later.
        const initial = rng.chance(0.7);
        planned.push({
          lineIndex: li,
          name: `${g.brands[c.brand]} ${g.items[c.item]} ${spec}${edition ? ` ${edition}` : ''}`,
          unit,
          listPrice,
          standardCost,
          active: rng.chance(0.97),
          createdDay: initial ? time.startDay : rng.int(time.startDay + 1, time.todayDay - 1),
          initial,
        });
      }
    });
    // Catalogue order: the initial import grouped by line and name, then new products by date.
    planned.sort((a, b) => Number(b.initial) - Number(a.initial) || a.createdDay - b.createdDay || a.lineIndex - b.lineIndex || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

    const insert = prepareInsert(ctx.sqlite, 'products', [
      'sku', 'name', 'product_line_id', 'unit', 'list_price', 'standard_cost', 'floor_price', 'active', 'created_at', 'updated_at',
    ]);
    const seq = lines.map(() => 0);
    for (const p of planned) {
      const line = at(data.productLines, p.lineIndex);
      seq[p.lineIndex] = (seq[p.lineIndex] ?? 0) + 1;
      const sku = `${line.code}-${String(seq[p.lineIndex]).padStart(5, '0')}`;
      const createdAt = p.initial ? time.at(time.startDay, 10 * 3600 + rng.int(0, 3600)) : time.officeTimestamp(rng, p.createdDay, p.createdDay);
      // Discontinued products were switched off some time after they were created.
      const updatedAt = p.active ? createdAt : time.officeTimestamp(rng, Math.min(p.createdDay + 30, time.todayDay), time.todayDay);
      const id = insert([sku, p.name, line.id, p.unit, p.listPrice, p.standardCost, p.standardCost, p.active ? 1 : 0, createdAt, updatedAt]);
      const info: ProductInfo = { id, sku, productLineId: line.id, listPrice: p.listPrice, standardCost: p.standardCost, active: p.active };
      data.products.push(info);
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Customers and their contacts.

const DIRECT_INDUSTRIES = new WeightedPicker<Industry>(['商超', '便利店', '餐饮', '批发', '电商', '企业团购'], [28, 22, 22, 8, 7, 13]);
const INDUSTRY_SIZE: Record<Industry, number> = { 商超: 1.6, 便利店: 0.5, 餐饮: 0.7, 批发: 1.2, 电商: 1.1, 企业团购: 1.0 };
const SMALL_BUSINESS = new Set<Industry>(['便利店', '餐饮', '批发']);

const TERMS = [0, 15, 30, 45, 60] as const;
const TERMS_BY: Record<'A' | 'B' | 'C' | 'distributor', WeightedPicker<number>> = {
  A: new WeightedPicker(TERMS, [2, 5, 30, 35, 28]),
  B: new WeightedPicker(TERMS, [8, 15, 45, 22, 10]),
  C: new WeightedPicker(TERMS, [30, 25, 35, 7, 3]),
  // Distributors often pay before delivery (款到发货) or monthly.
  distributor: new WeightedPicker(TERMS, [35, 10, 35, 15, 5]),
};
/** Credit limits in 元 (round figures, as a credit committee sets them). */
const CREDIT_YUAN: Record<'A' | 'B' | 'C', readonly number[]> = {
  A: [500_000, 800_000, 1_000_000, 1_500_000, 2_000_000, 3_000_000],
  B: [100_000, 150_000, 200_000, 300_000, 500_000],
  C: [10_000, 20_000, 30_000, 50_000, 80_000, 100_000],
};
const CONTACT_COUNT = new WeightedPicker([1, 2, 3], [50, 35, 15]);

export const customersModule: DemoModule = {
  name: 'customers',
  tables: ['customers', 'customer_contacts'],
  run(ctx) {
    const { data, rng, time } = ctx;
    const n = ctx.scale.customers;
    if (data.reps.length === 0) throw new Error('the customers module needs reps (run the company module first)');

    const territoryPicker = new WeightedPicker(data.territories, data.territories.map((t) => t.province.weight));
    const repById = new Map(data.reps.map((r) => [r.id, r]));
    const ownerPickers = new Map(
      data.territories
        .filter((t) => t.repIds.length > 0)
        .map((t) => [t.province.code, new WeightedPicker(t.repIds, t.repIds.map((id) => repById.get(id)?.weight ?? 1))]),
    );
    const anyRep = new WeightedPicker(data.reps.map((r) => r.id), data.reps.map((r) => r.weight));

    // Exact shares where the brief asks for them: ~20% distributors, 10/20/70 A/B/C, ~2% on hold.
    const distributor = new Set(rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.round(n * 0.2)));

    interface Draft {
      province: Province;
      city: string;
      territory: (typeof data.territories)[number];
      type: 'direct' | 'distributor';
      industry: Industry;
      size: number;
      grade: 'A' | 'B' | 'C';
      name: string;
      domain: string | null;
      ownerId: number;
      terms: number;
      creditLimit: number;
      hold: boolean;
      notes: string | null;
    }
    const names = new Set<string>();
    const drafts: Draft[] = [];
    for (let i = 0; i < n; i++) {
      const territory = territoryPicker.pick(rng);
      const city = rng.pick(territory.province.cities);
      const type = distributor.has(i) ? 'distributor' : 'direct';
      const industry: Industry = type === 'distributor' ? (rng.chance(0.85) ? '批发' : '电商') : DIRECT_INDUSTRIES.pick(rng);
      const size = Math.exp(rng.normal() * 1.1) * INDUSTRY_SIZE[industry] * (type === 'distributor' ? 3 : 1);
      let name = '';
      let domain: string | null = null;
      for (let attempt = 0; ; attempt++) {
        const t = tradeName(rng);
        const suffix = rng.pick(type === 'distributor' ? DISTRIBUTOR_SUFFIXES : NAME_SUFFIXES[industry]);
        name = `${city}${t.name}${suffix}`;
        if (attempt > 20) name = `${city}${t.name}${rng.pick(['第二', '第三', '新区', '东城', '西城'])}${suffix}`;
        if (!names.has(name)) {
          domain = suffix.includes('公司') ? `${t.pinyin}.com.cn` : null;
          break;
        }
      }
      names.add(name);
      const owners = ownerPickers.get(territory.province.code) ?? anyRep;
      drafts.push({
        province: territory.province, city, territory, type, industry, size, grade: 'C', name, domain,
        ownerId: owners.pick(rng), terms: 0, creditLimit: 0, hold: false, notes: null,
      });
    }

    // Grade by size rank: the largest 10% A, the next 20% B (the Pareto shape ABC grading finds).
    const bySize = drafts.map((_, i) => i).sort((a, b) => at(drafts, b).size - at(drafts, a).size || a - b);
    const aCount = Math.round(n * 0.1);
    const bCount = Math.round(n * 0.2);
    bySize.forEach((idx, rank) => {
      at(drafts, idx).grade = rank < aCount ? 'A' : rank < aCount + bCount ? 'B' : 'C';
    });
    for (const d of drafts) {
      d.terms = (d.type === 'distributor' ? TERMS_BY.distributor : TERMS_BY[d.grade]).pick(rng);
      // Cash customers (款到发货) get no credit; distributors get twice the usual line.
      d.creditLimit = d.terms === 0 ? 0 : rng.pick(CREDIT_YUAN[d.grade]) * 100 * (d.type === 'distributor' ? 2 : 1);
      if (rng.chance(0.15)) d.notes = rng.pick(CUSTOMER_NOTES);
    }
    const onCredit = drafts.map((d, i) => (d.terms > 0 ? i : -1)).filter((i) => i >= 0);
    for (const i of rng.shuffle(onCredit).slice(0, Math.max(1, Math.round(n * 0.02)))) {
      const d = at(drafts, i);
      d.hold = true;
      d.notes = '逾期未回款，暂停发货，待财务确认后解冻。';
    }

    // Creation dates: 40% were brought over when the company started using SalesDesk, the rest
    // were won over the years. Codes follow creation order.
    const created = drafts.map(() => (rng.chance(0.4) ? time.startDay : rng.int(time.startDay, time.todayDay - 1))).sort((a, b) => a - b);
    const order = rng.shuffle(drafts.map((_, i) => i));

    const insert = prepareInsert(ctx.sqlite, 'customers', [
      'code', 'name', 'type', 'region_id', 'industry', 'owner_id', 'grade', 'grade_manual', 'payment_terms_days', 'credit_limit',
      'credit_status', 'notes', 'created_at', 'updated_at',
    ]);
    const insertContact = prepareInsert(ctx.sqlite, 'customer_contacts', ['customer_id', 'name', 'title', 'phone', 'email', 'is_primary']);
    order.forEach((di, k) => {
      const d = at(drafts, di);
      const createdDay = created[k] as number;
      const code = `C${String(k + 1).padStart(6, '0')}`;
      const createdAt = createdDay === time.startDay ? time.at(time.startDay, 11 * 3600 + rng.int(0, 7200)) : time.officeTimestamp(rng, createdDay, createdDay);
      const updatedAt = d.hold || rng.chance(0.5) ? time.officeTimestamp(rng, Math.min(createdDay + 1, time.todayDay), time.todayDay) : createdAt;
      const id = insert([
        code, d.name, d.type, d.territory.customerRegionId, d.industry, d.ownerId, d.grade, 0, d.terms, d.creditLimit,
        d.hold ? 'hold' : 'normal', d.notes, createdAt, updatedAt,
      ]);
      const contacts = Math.min(3, CONTACT_COUNT.pick(rng) + (d.grade === 'A' ? 1 : 0));
      const titles: string[] = [rng.pick(SMALL_BUSINESS.has(d.industry) && d.type === 'direct' ? CONTACT_TITLES.owner : CONTACT_TITLES.buyer)];
      while (titles.length < contacts) {
        const t = rng.pick(CONTACT_TITLES.other);
        if (!titles.includes(t)) titles.push(t);
      }
      titles.forEach((title, j) => {
        const person = personName(rng);
        const email = rng.chance(0.7) ? emailFor(rng, person, d.domain) : null;
        insertContact([id, person.name, title, mobileNumber(rng), email, j === 0 ? 1 : 0]);
      });
      const info: CustomerInfo = {
        id, code, name: d.name, ownerId: d.ownerId, regionId: d.territory.customerRegionId, topRegionId: d.territory.topRegionId, type: d.type,
        industry: d.industry, grade: d.grade, paymentTermsDays: d.terms, creditLimit: d.creditLimit, creditStatus: d.hold ? 'hold' : 'normal',
        size: d.size, createdDay,
      };
      data.customers.push(info);
    });
  },
};
