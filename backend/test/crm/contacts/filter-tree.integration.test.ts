import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkFilterTree, type TFilterCondition, type TFilterNode, type TFilterValueKind } from '@voiceagent/shared';
import { compileFilterTree, type FilterTreeContext } from '../../../src/crm/contacts/selection/filter-tree-sql';
import { createSqlParams } from '../../../src/db/sql-params';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../../support/test-database';

/**
 * The filter tree's compiler against Postgres: random trees over rows seeded through SQL select
 * exactly the rows an in-memory evaluation of the same tree selects, and hostile field names and
 * values change nothing but the answer.
 */
const NOW = new Date('2026-12-01T12:00:00.000Z');
const CUSTOM_KINDS = new Map<string, TFilterValueKind>([
  ['plan', 'text'],
  ['seats', 'number'],
  ['renewal', 'date'],
  ['last_seen', 'datetime'],
  ['tags', 'list'],
  ['vip', 'boolean'],
]);
const context: FilterTreeContext = { customKinds: CUSTOM_KINDS, now: NOW };

type Row = {
  id: string;
  platform: string;
  object_type: string;
  first_name: string | null;
  company: string | null;
  email: string | null;
  phone_e164: string | null;
  do_not_call: boolean | null;
  crm_updated_at: string | null;
  custom_fields: Record<string, unknown>;
  field_issues: Record<string, string>;
};

// Small domains, so that random conditions hit rows: nulls, cases, LIKE's own characters.
const DOMAIN = {
  platform: ['hubspot', 'zoho', 'salesforce'],
  objectType: ['contact', 'lead'],
  firstName: ['Ada', 'ada', 'Zoë', 'Grace', null],
  company: ['Acme', 'Acme Corp', 'Globex', '100%_done', null],
  email: ['ada@acme.com', 'zoe@globex.io', 'grace@acme.com', null],
  doNotCall: [true, false, null],
  crmUpdatedAt: ['2026-11-20T08:00:00.000Z', '2026-06-01T00:00:00.000Z', '2025-12-31T23:59:59.000Z', null],
  plan: ['pro', 'starter', 'Pro', undefined],
  seats: [1, 5, 12, 'lots', undefined],
  renewal: ['2026-01-15', '2026-11-30', '2027-03-01', undefined],
  lastSeen: ['2026-11-28T10:00:00.000Z', '2026-02-01T10:00:00.000Z', undefined],
  tags: [['golf'], ['golf', 'tennis'], ['chess'], undefined],
  vip: [true, false, undefined],
} as const;

let database: TestDatabase;
let user: TestUser;
let rows: Row[];

beforeAll(async () => {
  database = await createTestDatabase();
  user = await createTestUser(database.pool, `filter-${crypto.randomUUID()}@example.test`);
  const pick = <T>(values: readonly T[], i: number, salt: number) => values[(i * 7 + salt * 13 + Math.floor(i / 3)) % values.length]!;
  const seed = Array.from({ length: 90 }, (_, i) => {
    const custom: Record<string, unknown> = {};
    const issues: Record<string, string> = {};
    const set = (key: string, value: unknown) => {
      if (value !== undefined) custom[key] = value;
    };
    set('plan', pick(DOMAIN.plan, i, 1));
    const seats = pick(DOMAIN.seats, i, 2);
    set('seats', seats);
    if (seats === 'lots') issues.seats = 'Not a number: "lots"';
    set('renewal', pick(DOMAIN.renewal, i, 3));
    set('last_seen', pick(DOMAIN.lastSeen, i, 4));
    set('tags', pick(DOMAIN.tags, i, 5));
    set('vip', pick(DOMAIN.vip, i, 6));
    return {
      platform: pick(DOMAIN.platform, i, 0),
      object_type: pick(DOMAIN.objectType, i, 7),
      external_id: `filter-${i}`,
      first_name: pick(DOMAIN.firstName, i, 8),
      company: pick(DOMAIN.company, i, 9),
      email: pick(DOMAIN.email, i, 10),
      phone_e164: i % 4 === 0 ? null : `+1415555${String(1000 + i)}`,
      do_not_call: pick(DOMAIN.doNotCall, i, 11),
      crm_updated_at: pick(DOMAIN.crmUpdatedAt, i, 12),
      custom_fields: custom,
      field_issues: issues,
    };
  });
  const { rows: inserted } = await database.pool.query<Row>(
    `insert into crm_contacts (user_id, platform, object_type, external_id, first_name, company, email, phone_e164, do_not_call, crm_updated_at, custom_fields, field_issues)
     select $1, r.platform, r.object_type, r.external_id, r.first_name, r.company, r.email, r.phone_e164, r.do_not_call, r.crm_updated_at, r.custom_fields, r.field_issues
     from jsonb_to_recordset($2::jsonb) as r(platform text, object_type text, external_id text, first_name text, company text, email text, phone_e164 text,
       do_not_call boolean, crm_updated_at timestamptz, custom_fields jsonb, field_issues jsonb)
     returning id, platform, object_type, first_name, company, email, phone_e164, do_not_call,
       to_char(crm_updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as crm_updated_at, custom_fields, field_issues`,
    [user.id, JSON.stringify(seed)],
  );
  rows = inserted;
}, 60_000);
afterAll(async () => {
  await database?.drop();
});

async function selectIds(tree: TFilterNode): Promise<string[]> {
  const params = createSqlParams([user.id]);
  const condition = compileFilterTree(tree, params, context);
  const { rows: found } = await database.pool.query<{ id: string }>(`select c.id from crm_contacts c where c.user_id = $1 and ${condition}`, params.values);
  return found.map((row) => row.id).sort();
}

// ---- The same semantics in memory: two-valued conditions, a missing value fails every comparison.

type Value = string | number | boolean | string[] | null;

function valueOf(row: Row, field: string): Value {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    const raw = row.custom_fields[key];
    if (raw === undefined) return null;
    const kind = CUSTOM_KINDS.get(key)!;
    if (kind === 'number' && typeof raw !== 'number') return null;
    if ((kind === 'date' || kind === 'datetime') && row.field_issues[key]) return null;
    return raw as Value;
  }
  switch (field) {
    case 'platform':
      return row.platform;
    case 'objectType':
      return row.object_type;
    case 'firstName':
      return row.first_name;
    case 'company':
      return row.company;
    case 'email':
      return row.email;
    case 'emailDomain':
      return row.email ? row.email.split('@')[1] || null : null;
    case 'doNotCall':
      return row.do_not_call;
    case 'isCallable':
      return row.phone_e164 !== null;
    case 'crmUpdatedAt':
      return row.crm_updated_at;
    default:
      throw new Error(`no evaluator for ${field}`);
  }
}

const ilike = (text: string, pattern: { prefix: string; anywhere: boolean }) =>
  pattern.anywhere ? text.toLowerCase().includes(pattern.prefix.toLowerCase()) : text.toLowerCase().startsWith(pattern.prefix.toLowerCase());

function kindOf(field: string): TFilterValueKind {
  if (field.startsWith('custom.')) return CUSTOM_KINDS.get(field.slice('custom.'.length))!;
  return ({ doNotCall: 'boolean', isCallable: 'boolean', crmUpdatedAt: 'datetime' } as Record<string, TFilterValueKind>)[field] ?? 'text';
}

function evaluateCondition(row: Row, condition: TFilterCondition): boolean {
  const value = valueOf(row, condition.field);
  const kind = kindOf(condition.field);
  const comparable = (v: unknown) => (kind === 'datetime' ? Date.parse(String(v)) : v) as number | string | boolean;
  const target = condition.value;
  // Empty means the CRM holds nothing: a value kept raw because it did not fit its type is a value.
  const held = condition.field.startsWith('custom.') ? row.custom_fields[condition.field.slice('custom.'.length)] !== undefined : value !== null && value !== '';
  if (condition.operator === 'is_empty') return !held;
  if (condition.operator === 'is_not_empty') return held;
  if (value === null) return false;
  if (kind === 'list') {
    const list = value as string[];
    if (condition.operator === 'contains') return list.includes(String(target));
    return (target as string[]).some((item) => list.includes(item));
  }
  const v = comparable(value);
  switch (condition.operator) {
    case 'eq':
      return v === comparable(target);
    case 'neq':
      return v !== comparable(target);
    case 'in':
      return (target as unknown[]).some((item) => v === comparable(item));
    case 'not_in':
      return (target as unknown[]).every((item) => v !== comparable(item));
    case 'contains':
      return ilike(String(value), { prefix: String(target), anywhere: true });
    case 'starts_with':
      return ilike(String(value), { prefix: String(target), anywhere: false });
    case 'gt':
      return v > comparable(target);
    case 'gte':
      return v >= comparable(target);
    case 'lt':
      return v < comparable(target);
    case 'lte':
      return v <= comparable(target);
    case 'between': {
      const [from, to] = target as [unknown, unknown];
      return v >= comparable(from) && v <= comparable(to);
    }
    case 'in_last_days': {
      const since = new Date(NOW.getTime() - Number(target) * 86_400_000);
      const [from, to] = kind === 'date' ? [since.toISOString().slice(0, 10), NOW.toISOString().slice(0, 10)] : [since.getTime(), NOW.getTime()];
      return v >= from && v <= to;
    }
  }
}

function evaluate(row: Row, tree: TFilterNode): boolean {
  if ('and' in tree) return tree.and.every((node) => evaluate(row, node));
  if ('or' in tree) return tree.or.some((node) => evaluate(row, node));
  if ('not' in tree) return !evaluate(row, tree.not);
  return evaluateCondition(row, tree);
}

// ---- Random trees over the seeded domains.

const values = <T>(list: readonly T[]) => list.filter((item) => item !== null && item !== undefined) as Array<Exclude<T, null | undefined>>;
const FIELD_VALUES: Record<string, readonly unknown[]> = {
  platform: DOMAIN.platform,
  objectType: DOMAIN.objectType,
  firstName: [...values(DOMAIN.firstName), 'Nobody'],
  company: [...values(DOMAIN.company), 'acme', '%', '_'],
  email: values(DOMAIN.email),
  emailDomain: ['acme.com', 'globex.io'],
  doNotCall: [true, false],
  isCallable: [true, false],
  crmUpdatedAt: [...values(DOMAIN.crmUpdatedAt), '2026-07-01T00:00:00.000Z'],
  'custom.plan': ['pro', 'starter', 'Pro', 'p'],
  'custom.seats': [1, 5, 12, 3],
  'custom.renewal': ['2026-01-15', '2026-11-30', '2026-06-01'],
  'custom.last_seen': [...values(DOMAIN.lastSeen), '2026-06-01T00:00:00.000Z'],
  'custom.tags': ['golf', 'tennis', 'chess', 'sailing'],
  'custom.vip': [true, false],
};
const OPERATORS: Record<TFilterValueKind, TFilterCondition['operator'][]> = {
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'],
  date: ['eq', 'neq', 'gt', 'lt', 'between', 'in_last_days', 'is_empty'],
  datetime: ['gt', 'lte', 'between', 'in_last_days', 'is_not_empty'],
  boolean: ['eq', 'is_empty', 'is_not_empty'],
  list: ['contains', 'in', 'is_empty', 'is_not_empty'],
};

const condition: fc.Arbitrary<TFilterNode> = fc.constantFrom(...Object.keys(FIELD_VALUES)).chain((field) => {
  const kind = kindOf(field);
  const domain = FIELD_VALUES[field]!;
  const textOnly = domain.filter((item) => typeof item === 'string' && item !== '') as string[];
  return fc.constantFrom(...OPERATORS[kind]).chain((operator): fc.Arbitrary<TFilterNode> => {
    const one = fc.constantFrom(...domain);
    switch (operator) {
      case 'is_empty':
      case 'is_not_empty':
        return fc.constant({ field, operator });
      case 'in':
      case 'not_in':
        return fc.uniqueArray(one, { minLength: 1, maxLength: 3 }).map((value) => ({ field, operator, value: value as string[] }));
      case 'between':
        return fc.tuple(one, one).map(([a, b]) => ({ field, operator, value: [a, b] as [string, string] }));
      case 'in_last_days':
        return fc.constantFrom(1, 7, 30, 365).map((value) => ({ field, operator, value }));
      case 'contains':
      case 'starts_with':
        return fc.constantFrom(...textOnly).map((value) => ({ field, operator, value }));
      default:
        return one.map((value) => ({ field, operator, value: value as string }));
    }
  });
});

const tree: fc.Arbitrary<TFilterNode> = fc.letrec<{ node: TFilterNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    condition,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
    tie('node').map((not) => ({ not })),
  ),
})).node;

describe('the filter tree compiler', () => {
  it('selects exactly the rows an in-memory evaluation of the same random tree selects', async () => {
    await fc.assert(
      fc.asyncProperty(tree, async (random) => {
        fc.pre(checkFilterTree(random, CUSTOM_KINDS).length === 0);
        const expected = rows.filter((row) => evaluate(row, random)).map((row) => row.id).sort();
        expect(await selectIds(random)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('selects something and not everything for the conditions a user writes most', async () => {
    // Guards the property above against trees that trivially match all or nothing.
    for (const common of [
      { field: 'custom.plan', operator: 'eq', value: 'pro' },
      { field: 'company', operator: 'contains', value: 'acme' },
      { field: 'custom.tags', operator: 'contains', value: 'golf' },
      { field: 'custom.seats', operator: 'gte', value: 5 },
      { field: 'crmUpdatedAt', operator: 'in_last_days', value: 30 },
    ] as TFilterNode[]) {
      const found = await selectIds(common);
      expect(found.length, JSON.stringify(common)).toBeGreaterThan(0);
      expect(found.length, JSON.stringify(common)).toBeLessThan(rows.length);
    }
  });

  it('matches LIKE characters in a value as typed', async () => {
    const found = await selectIds({ field: 'company', operator: 'contains', value: '%_' });
    expect(found).toEqual(rows.filter((row) => row.company === '100%_done').map((row) => row.id).sort());
  });

  it('refuses injection through field names before any SQL, and binds hostile values as values', async () => {
    for (const field of ["company; drop table crm_contacts", "custom.plan' or '1'='1", 'custom.', 'custom.Plan', '__proto__', 'constructor']) {
      expect(checkFilterTree({ field, operator: 'eq', value: 'x' }, CUSTOM_KINDS), field).not.toEqual([]);
    }
    for (const value of ["' or 1=1 --", "pro'); drop table crm_contacts; --", '\\', '"}']) {
      expect(await selectIds({ field: 'custom.plan', operator: 'eq', value })).toEqual([]);
      expect(await selectIds({ field: 'company', operator: 'eq', value })).toEqual([]);
    }
    const { rows: count } = await database.pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [user.id]);
    expect(count[0]!.n).toBe(rows.length);
  });

  it('names each wrong condition: unknown fields, operators a field does not take, values of the wrong shape, and the bounds', () => {
    const issues = checkFilterTree(
      {
        and: [
          { field: 'custom.nope', operator: 'eq', value: 'x' },
          { field: 'custom.seats', operator: 'contains', value: '1' },
          { field: 'custom.seats', operator: 'gt', value: 'five' },
          { field: 'platform', operator: 'eq', value: 'pipedrive' },
          { field: 'custom.renewal', operator: 'between', value: ['2026-01-01'] },
          { field: 'crmUpdatedAt', operator: 'is_empty', value: 'x' },
        ],
      },
      CUSTOM_KINDS,
    );
    expect(issues.map((issue) => issue.path)).toEqual(['and.0', 'and.1', 'and.2', 'and.3', 'and.4', 'and.5']);
    let deep: TFilterNode = { field: 'company', operator: 'is_empty' };
    for (let i = 0; i < 5; i += 1) deep = { not: deep };
    expect(checkFilterTree(deep, CUSTOM_KINDS).map((issue) => issue.message)).toEqual(['Groups nest at most 5 deep']);
    const wide: TFilterNode = { or: Array.from({ length: 51 }, () => ({ field: 'company', operator: 'is_empty' }) as TFilterNode) };
    expect(checkFilterTree(wide, CUSTOM_KINDS).map((issue) => issue.message)).toEqual(['At most 50 conditions; this filter has 51']);
  });
});
