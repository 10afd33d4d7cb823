import type { SalesforceOrg } from './org';
import type { RecordRef } from './object-store';
import { ACCOUNT_NAME, valueOf } from './schema';
import type { FieldDef, FieldValue, SRecord } from './schema';
import { CHEAP_FIELDS } from './seeded-records';
import { formatDateTime } from './sf-time';
import { compareKeys, sortKey } from './soql/compile';
import type { CompiledQuery } from './soql/compile';

/**
 * Runs a compiled query once over the org's records and returns the matching refs in order: the
 * fixed result set a cursor or bulk job serves from. Seeded records are read in their cheap form
 * (no faker) when WHERE and ORDER BY only read cheap fields.
 */
export function runQuery(org: SalesforceOrg, query: CompiledQuery, includeDeleted: boolean): RecordRef[] {
  const store = org.stores[query.type];
  const cheapSet = query.type === 'Task' ? null : CHEAP_FIELDS[query.type];
  const cheap = cheapSet !== null && [...query.referenced].every((field) => cheapSet.has(field));
  const where = query.where;
  const computed = query.computed;
  const matched: RecordRef[] = [];
  const keys: (string | number | boolean | null)[][] = [];
  const order = query.orderBy;
  for (const ref of store.refs()) {
    const row = store.scanRow(ref, cheap);
    if (!includeDeleted && row.IsDeleted) continue;
    const read = computed.size === 0 ? (field: string) => row[field] ?? null : (field: string) => readWithFormulas(computed, row, field);
    if (where && !where(read)) continue;
    matched.push(ref);
    if (order.length > 0) keys.push(order.map((item) => sortKey(item.field, valueOf(item.field, row))));
  }
  let refs = matched;
  if (order.length > 0) {
    const positions = matched.map((_, i) => i);
    positions.sort((a, b) => compareKeys(order, keys[a]!, keys[b]!) || a - b);
    refs = positions.map((i) => matched[i]!);
  }
  const offset = query.offset ?? 0;
  if (offset > 0 || query.limit !== null) refs = refs.slice(offset, query.limit === null ? undefined : offset + query.limit);
  return refs;
}

function readWithFormulas(computed: Map<string, FieldDef>, row: SRecord, field: string): FieldValue {
  const def = computed.get(field);
  return def ? valueOf(def, row) : (row[field] ?? null);
}

/** A record as the REST API writes it: attributes first, then the selected fields in order. */
export function toJsonRecord(type: string, version: string, fields: FieldDef[], record: SRecord): Record<string, unknown> {
  const id = record.Id as string;
  const out: Record<string, unknown> = { attributes: { type, url: `/services/data/v${version}/sobjects/${type}/${id}` } };
  for (const field of fields) {
    if (field.name === ACCOUNT_NAME) {
      const accountId = record.AccountId;
      out.Account = accountId ? { attributes: { type: 'Account', url: `/services/data/v${version}/sobjects/Account/${accountId as string}` }, Name: record[ACCOUNT_NAME] ?? null } : null;
      continue;
    }
    out[field.name] = jsonValue(field, valueOf(field, record));
  }
  return out;
}

export function jsonValue(field: FieldDef, value: FieldValue): FieldValue {
  if (value === null) return null;
  return field.type === 'datetime' ? formatDateTime(value as number) : value;
}

/** One CSV line of a bulk result: every value quoted, "" for null, datetimes as Bulk API 2.0 writes them. */
export function toCsvLine(fields: FieldDef[], record: SRecord): string {
  let line = '';
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const value = valueOf(field, record);
    const text = value === null ? '' : field.type === 'datetime' ? new Date(value as number).toISOString() : String(value);
    line += `${i === 0 ? '' : ','}"${text.includes('"') ? text.replace(/"/g, '""') : text}"`;
  }
  return `${line}\n`;
}

export function csvHeader(fields: FieldDef[]): string {
  return `${fields.map((field) => `"${field.name}"`).join(',')}\n`;
}
