import { normalizeId } from '../ids';
import { STANDARD_FIELDS } from '../org-schema';
import type { FieldLookup } from '../org-schema';
import { findType } from '../schema';
import type { FieldDef, FieldValue, SObjectType } from '../schema';
import { DAY_MS, formatDate, isDate, parseDateTime, startOfDay } from '../sf-time';
import { SoqlSyntaxError } from './ast';
import type { ComparisonOp, Condition, Literal, SoqlQuery } from './ast';
import { parseSoql } from './parser';

/** Reads a field of one record by its canonical name (e.g. 'Email', 'Account.Name'). */
export type Row = (field: string) => FieldValue;

export type CompiledOrder = { field: FieldDef; descending: boolean; nullsLast: boolean };

export type CompiledQuery = {
  type: SObjectType;
  /** Canonical select list in the order written; null for SELECT COUNT(). */
  fields: FieldDef[] | null;
  where: ((row: Row) => boolean) | null;
  orderBy: CompiledOrder[];
  limit: number | null;
  offset: number | null;
  /** Canonical names of the fields WHERE and ORDER BY read, so a scan can skip computing the others. */
  referenced: Set<string>;
  /** Formula and auto-number fields WHERE reads: computed from the row, not stored in it. */
  computed: Map<string, FieldDef>;
};

/** A query that parsed but names something Salesforce would refuse (INVALID_TYPE / INVALID_FIELD / MALFORMED_QUERY). */
export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'INVALID_TYPE' | 'INVALID_FIELD' | 'MALFORMED_QUERY' | 'NUMBER_OUTSIDE_VALID_RANGE',
    message: string,
  ) {
    super(message);
  }
}

/** Parses and checks SOQL against the org's fields; `nowMs` fixes what TODAY and LAST_N_DAYS mean. */
export function compileSoql(soql: string, nowMs: number, schema: FieldLookup = STANDARD_FIELDS): CompiledQuery {
  let query: SoqlQuery;
  try {
    query = parseSoql(soql);
  } catch (error) {
    if (error instanceof SoqlSyntaxError) throw new SoqlError('MALFORMED_QUERY', error.message);
    throw error;
  }
  const type = findType(query.from);
  if (!type) throw new SoqlError('INVALID_TYPE', `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`);
  const referenced = new Set<string>();
  const computed = new Map<string, FieldDef>();
  const field = (path: string): FieldDef => {
    const def = schema.findField(type, path);
    if (!def) {
      const message = path.includes('.') ? `Didn't understand relationship '${path.split('.')[0]}' in field path.` : `No such column '${path}' on entity '${type}'.`;
      throw new SoqlError('INVALID_FIELD', `${message} If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`);
    }
    if (def.compute) computed.set(def.name, def);
    return def;
  };
  const fields = query.fields?.map(field) ?? null;
  if (fields && new Set(fields.map((def) => def.name)).size !== fields.length) throw new SoqlError('MALFORMED_QUERY', 'duplicate field selected');
  const orderBy = query.orderBy.map((item) => {
    const def = field(item.field);
    referenced.add(def.name);
    return { field: def, descending: item.descending, nullsLast: item.nullsLast };
  });
  // Salesforce caps OFFSET at 2,000: deeper reads page by nextRecordsUrl or by keyset.
  if (query.offset !== null && query.offset > 2000) throw new SoqlError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is 2000`);
  const where = query.where ? compileCondition(query.where, { field, referenced, nowMs }) : null;
  return { type, fields, where, orderBy, limit: query.limit, offset: query.offset, referenced, computed };
}

type Context = { field: (path: string) => FieldDef; referenced: Set<string>; nowMs: number };

/** A literal made comparable with a field's stored value: a point, or a [start, end) range for date literals. */
type Operand = { kind: 'null' } | { kind: 'point'; value: string | number | boolean } | { kind: 'range'; start: string | number; end: string | number };

function compileCondition(condition: Condition, ctx: Context): (row: Row) => boolean {
  switch (condition.kind) {
    case 'and': {
      const [left, right] = [compileCondition(condition.left, ctx), compileCondition(condition.right, ctx)];
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const [left, right] = [compileCondition(condition.left, ctx), compileCondition(condition.right, ctx)];
      return (row) => left(row) || right(row);
    }
    case 'not': {
      const operand = compileCondition(condition.operand, ctx);
      return (row) => !operand(row);
    }
    case 'like': {
      const def = ctx.field(condition.field);
      if (!isText(def)) throw new SoqlError('INVALID_FIELD', `invalid operator on field: ${def.name}: LIKE works on text fields`);
      ctx.referenced.add(def.name);
      const regex = likeToRegExp(condition.pattern);
      return (row) => {
        const value = row(def.name);
        return typeof value === 'string' && regex.test(value);
      };
    }
    case 'in': {
      const def = ctx.field(condition.field);
      ctx.referenced.add(def.name);
      const values = new Set<unknown>();
      for (const literal of condition.values) {
        const operand = toOperand(def, literal, ctx.nowMs);
        if (operand.kind !== 'point') throw new SoqlError('MALFORMED_QUERY', `IN takes plain values for field ${def.name}`);
        values.add(comparable(def, operand.value));
      }
      const negated = condition.negated;
      return (row) => {
        const value = row(def.name);
        if (value === null) return negated;
        return values.has(comparable(def, value)) !== negated;
      };
    }
    case 'compare': {
      const def = ctx.field(condition.field);
      ctx.referenced.add(def.name);
      return compileComparison(def, condition.op, toOperand(def, condition.value, ctx.nowMs));
    }
  }
}

function compileComparison(def: FieldDef, op: ComparisonOp, operand: Operand): (row: Row) => boolean {
  const name = def.name;
  if (operand.kind === 'null') {
    if (op === '=') return (row) => row(name) === null;
    if (op === '!=') return (row) => row(name) !== null;
    return () => false;
  }
  if (operand.kind === 'range') {
    const { start, end } = operand;
    const test: (v: string | number) => boolean =
      op === '=' ? (v) => v >= start && v < end
      : op === '!=' ? (v) => v < start || v >= end
      : op === '<' ? (v) => v < start
      : op === '<=' ? (v) => v < end
      : op === '>' ? (v) => v >= end
      : (v) => v >= start;
    return (row) => {
      const value = row(name);
      return value === null ? op === '!=' : test(value as string | number);
    };
  }
  const target = comparable(def, operand.value);
  const test: (v: string | number | boolean) => boolean =
    op === '=' ? (v) => v === target
    : op === '!=' ? (v) => v !== target
    : op === '<' ? (v) => v < target
    : op === '<=' ? (v) => v <= target
    : op === '>' ? (v) => v > target
    : (v) => v >= target;
  // SOQL differs from SQL here: a null field is "not equal" to any value.
  return (row) => {
    const value = row(name);
    return value === null ? op === '!=' : test(comparable(def, value));
  };
}

/** Text compares case-insensitively in SOQL; ids compare as their 18-character form. */
export function comparable(def: FieldDef, value: string | number | boolean): string | number | boolean {
  if (typeof value !== 'string') return value;
  if (def.type === 'id' || def.type === 'reference') return normalizeId(value) ?? value;
  if (isText(def)) return value.toLowerCase();
  return value;
}

function isText(def: FieldDef): boolean {
  return def.type === 'string' || def.type === 'email' || def.type === 'phone' || def.type === 'textarea' || def.type === 'picklist' || def.type === 'multipicklist';
}

function toOperand(def: FieldDef, literal: Literal, nowMs: number): Operand {
  if (literal.kind === 'null') return { kind: 'null' };
  const wrongType = (expected: string) =>
    new SoqlError('INVALID_FIELD', `value of filter criterion for field '${def.name}' must be of type ${expected} and should${expected === 'string' || expected === 'id' ? '' : ' not'} be enclosed in quotes`);
  switch (def.type) {
    case 'datetime': {
      if (literal.kind === 'datetime') {
        const ms = parseDateTime(literal.text);
        if (ms === null) throw new SoqlError('MALFORMED_QUERY', `invalid datetime: ${literal.text}`);
        return { kind: 'point', value: ms };
      }
      if (literal.kind === 'dateLiteral') return dayRange(literal, nowMs, (ms) => ms);
      throw wrongType('dateTime');
    }
    case 'date': {
      if (literal.kind === 'date') {
        if (!isDate(literal.text)) throw new SoqlError('MALFORMED_QUERY', `invalid date: ${literal.text}`);
        return { kind: 'point', value: literal.text };
      }
      if (literal.kind === 'dateLiteral') return dayRange(literal, nowMs, formatDate);
      throw wrongType('date');
    }
    case 'boolean':
      if (literal.kind === 'boolean') return { kind: 'point', value: literal.value };
      throw wrongType('boolean');
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (literal.kind === 'number') return { kind: 'point', value: literal.value };
      throw wrongType('double');
    default:
      if (literal.kind === 'string') return { kind: 'point', value: literal.value };
      throw wrongType(def.type === 'id' || def.type === 'reference' ? 'id' : 'string');
  }
}

function dayRange(literal: Extract<Literal, { kind: 'dateLiteral' }>, nowMs: number, format: (ms: number) => string | number): Operand {
  const today = startOfDay(nowMs);
  const n = literal.n ?? 0;
  const [start, end] =
    literal.name === 'TODAY' ? [today, today + DAY_MS]
    : literal.name === 'YESTERDAY' ? [today - DAY_MS, today]
    : literal.name === 'TOMORROW' ? [today + DAY_MS, today + 2 * DAY_MS]
    : literal.name === 'LAST_N_DAYS' ? [today - n * DAY_MS, today + DAY_MS]
    : [today + DAY_MS, today + (n + 1) * DAY_MS];
  return { kind: 'range', start: format(start), end: format(end) };
}

/** % is any run, _ one character; \% and \_ are themselves. Case-insensitive, as in Salesforce. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\' && (pattern[i + 1] === '%' || pattern[i + 1] === '_')) {
      source += pattern[++i];
      continue;
    }
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** Sort keys: text by its lower case, as Salesforce sorts case-insensitively. */
export function sortKey(def: FieldDef, value: FieldValue): string | number | boolean | null {
  return value === null ? null : comparable(def, value);
}

/** Compares two rows' keys under ORDER BY (nulls first unless NULLS LAST, whatever the direction). */
export function compareKeys(orderBy: CompiledOrder[], a: (string | number | boolean | null)[], b: (string | number | boolean | null)[]): number {
  for (let i = 0; i < orderBy.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    const item = orderBy[i]!;
    if (x === null) return item.nullsLast ? 1 : -1;
    if (y === null) return item.nullsLast ? -1 : 1;
    const order = x < y ? -1 : 1;
    return item.descending ? -order : order;
  }
  return 0;
}
