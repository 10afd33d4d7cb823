import { DATE_PROPERTIES, NUMERIC_PROPERTIES, isKnownContactProperty } from './contact-properties';
import { createValidationError } from './errors';

export const FILTER_OPERATORS = [
  'EQ',
  'NEQ',
  'LT',
  'LTE',
  'GT',
  'GTE',
  'BETWEEN',
  'IN',
  'NOT_IN',
  'HAS_PROPERTY',
  'NOT_HAS_PROPERTY',
  'CONTAINS_TOKEN',
  'NOT_CONTAINS_TOKEN',
] as const;

export type FilterOperator = (typeof FILTER_OPERATORS)[number];
export type SearchFilter = { propertyName: string; operator: FilterOperator; value?: string; highValue?: string; values?: string[] };

/** A contact as filters see it; seeded contacts answer dates and ids without generating the person. */
export type ContactView = {
  id: number;
  createdAt: number;
  updatedAt: number;
  text(name: string): string | null;
};

export type Predicate = (view: ContactView) => boolean;
type Value = string | number | null;

/** The properties a contact is searched by when the request carries a free-text `query`. */
const QUERY_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'mobilephone', 'company'];
const TOKEN_SEPARATORS = /[\s,;:()[\]{}<>"'/\\|@.+_-]+/;

/** hs_lastmodifieddate and lastmodifieddate are the same instant for contacts. */
export function canonicalProperty(name: string): string {
  return name === 'hs_lastmodifieddate' ? 'lastmodifieddate' : name;
}

/** True when the property is answered from the timestamp index or the id alone. */
export function isIndexedProperty(name: string): boolean {
  return DATE_PROPERTIES.has(name) || NUMERIC_PROPERTIES.has(name);
}

export function valueOf(view: ContactView, name: string): Value {
  switch (canonicalProperty(name)) {
    case 'hs_object_id':
      return view.id;
    case 'createdate':
      return view.createdAt;
    case 'lastmodifieddate':
      return view.updatedAt;
    default:
      return view.text(name);
  }
}

/** OR across groups, AND within a group; an empty list matches everything. Throws HubSpot's 400 on bad filters. */
export function compileFilterGroups(groups: SearchFilter[][], query: string | null): { test: Predicate; needsText: boolean } {
  let needsText = query !== null;
  const compiled = groups.map((filters) =>
    filters.map((filter) => {
      if (!isIndexedProperty(filter.propertyName)) needsText = true;
      return compileFilter(filter);
    }),
  );
  const matchesQuery = query === null ? () => true : compileQuery(query);
  const test: Predicate = (view) => matchesQuery(view) && (compiled.length === 0 || compiled.some((group) => group.every((filter) => filter(view))));
  return { test, needsText };
}

export type KeyRange = { low: number; lowInclusive: boolean; high: number; highInclusive: boolean; exact: boolean };

/**
 * The values of `property` that can satisfy the groups. `exact` is true when the groups say
 * nothing else (one group, every filter a range on `property`, no free-text query): then the
 * range is the whole predicate and matches can be counted without testing each contact.
 * Otherwise the range is a conservative superset, used only to skip what cannot match.
 */
export function rangeOf(groups: SearchFilter[][], property: string, hasQuery: boolean): KeyRange {
  const everything: KeyRange = { low: -Infinity, lowInclusive: true, high: Infinity, highInclusive: true, exact: false };
  if (groups.length === 0) return { ...everything, exact: !hasQuery };
  const ranges = groups.map((filters) => groupRange(filters, property));
  if (ranges.length === 1) return { ...ranges[0]!, exact: ranges[0]!.exact && !hasQuery };
  return {
    low: Math.min(...ranges.map((range) => range.low)),
    lowInclusive: true,
    high: Math.max(...ranges.map((range) => range.high)),
    highInclusive: true,
    exact: false,
  };
}

function groupRange(filters: SearchFilter[], property: string): KeyRange {
  const range: KeyRange = { low: -Infinity, lowInclusive: true, high: Infinity, highInclusive: true, exact: true };
  const raiseLow = (value: number, inclusive: boolean) => {
    if (value > range.low) Object.assign(range, { low: value, lowInclusive: inclusive });
    else if (value === range.low) range.lowInclusive &&= inclusive;
  };
  const lowerHigh = (value: number, inclusive: boolean) => {
    if (value < range.high) Object.assign(range, { high: value, highInclusive: inclusive });
    else if (value === range.high) range.highInclusive &&= inclusive;
  };
  for (const filter of filters) {
    const value = filter.value === undefined ? NaN : Number(parseValue(filter.propertyName, filter.value));
    if (canonicalProperty(filter.propertyName) !== property || Number.isNaN(value)) {
      range.exact = false;
      continue;
    }
    if (filter.operator === 'GT') raiseLow(value, false);
    else if (filter.operator === 'GTE') raiseLow(value, true);
    else if (filter.operator === 'LT') lowerHigh(value, false);
    else if (filter.operator === 'LTE') lowerHigh(value, true);
    else if (filter.operator === 'EQ') {
      raiseLow(value, true);
      lowerHigh(value, true);
    } else if (filter.operator === 'BETWEEN' && filter.highValue !== undefined) {
      raiseLow(value, true);
      lowerHigh(Number(parseValue(filter.propertyName, filter.highValue)), true);
    } else range.exact = false;
  }
  return range;
}

/** Whether `value` lies in the range, honouring open and closed ends. */
export function isInRange(value: number, range: KeyRange): boolean {
  const aboveLow = range.lowInclusive ? value >= range.low : value > range.low;
  const belowHigh = range.highInclusive ? value <= range.high : value < range.high;
  return aboveLow && belowHigh;
}

/** Orders two property values the way HubSpot sorts: numbers and dates numerically, text case-insensitively. */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const left = String(a).toLowerCase();
  const right = String(b).toLowerCase();
  return left < right ? -1 : left > right ? 1 : 0;
}

function compileFilter(filter: SearchFilter): Predicate {
  const name = filter.propertyName;
  if (!isKnownContactProperty(name)) throw createValidationError(`There was a problem with the request. Property "${name}" does not exist.`);
  const operand = (raw: string | undefined, field: string): string | number => {
    if (raw === undefined) throw createValidationError(`Filter on "${name}" with operator ${filter.operator} requires "${field}".`);
    const parsed = parseValue(name, raw);
    if (typeof parsed === 'number' && Number.isNaN(parsed)) throw createValidationError(`"${raw}" is not a valid value for "${name}".`);
    return parsed;
  };
  const get = (view: ContactView) => normalize(valueOf(view, name));
  switch (filter.operator) {
    case 'EQ': {
      const value = operand(filter.value, 'value');
      return (view) => get(view) === value;
    }
    case 'NEQ': {
      const value = operand(filter.value, 'value');
      return (view) => get(view) !== value;
    }
    case 'LT':
    case 'LTE':
    case 'GT':
    case 'GTE':
      return compileComparison(filter.operator, operand(filter.value, 'value'), get);
    case 'BETWEEN': {
      const low = operand(filter.value, 'value');
      const high = operand(filter.highValue, 'highValue');
      return (view) => {
        const value = get(view);
        return value !== null && compareValues(value, low) >= 0 && compareValues(value, high) <= 0;
      };
    }
    case 'IN':
    case 'NOT_IN': {
      if (!filter.values) throw createValidationError(`Filter on "${name}" with operator ${filter.operator} requires "values".`);
      const values = new Set(filter.values.map((value) => operand(value, 'values')));
      const wanted = filter.operator === 'IN';
      return (view) => {
        const value = get(view);
        return value === null ? !wanted : values.has(value) === wanted;
      };
    }
    case 'HAS_PROPERTY':
      return (view) => get(view) !== null;
    case 'NOT_HAS_PROPERTY':
      return (view) => get(view) === null;
    case 'CONTAINS_TOKEN':
    case 'NOT_CONTAINS_TOKEN': {
      const matches = compileTokenMatcher(String(operand(filter.value, 'value')));
      const wanted = filter.operator === 'CONTAINS_TOKEN';
      return (view) => {
        const value = get(view);
        return value === null ? !wanted : matches(String(value)) === wanted;
      };
    }
  }
}

function compileComparison(operator: 'LT' | 'LTE' | 'GT' | 'GTE', bound: string | number, get: (view: ContactView) => Value): Predicate {
  return (view) => {
    const value = get(view);
    if (value === null) return false;
    const order = compareValues(value, bound);
    if (operator === 'LT') return order < 0;
    if (operator === 'LTE') return order <= 0;
    if (operator === 'GT') return order > 0;
    return order >= 0;
  };
}

/** Dates accept epoch milliseconds or ISO 8601, as HubSpot's search does. */
function parseValue(name: string, raw: string): string | number {
  const canonical = canonicalProperty(name);
  if (DATE_PROPERTIES.has(canonical)) return /^-?\d+$/.test(raw.trim()) ? Number(raw) : Date.parse(raw);
  if (NUMERIC_PROPERTIES.has(canonical)) return /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  return raw.toLowerCase();
}

function normalize(value: Value): Value {
  if (value === null || value === '') return null;
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** A token matches a whole word of the value; `*` stands for any characters ("*@example.com"). */
function compileTokenMatcher(token: string): (value: string) => boolean {
  if (token.includes('*')) {
    const pattern = new RegExp(`^${token.split('*').map(escapeRegExp).join('.*')}$`);
    return (value) => pattern.test(value) || value.split(/\s+/).some((word) => pattern.test(word));
  }
  return (value) => value === token || value.split(TOKEN_SEPARATORS).includes(token) || (TOKEN_SEPARATORS.test(token) && value.includes(token));
}

function compileQuery(query: string): Predicate {
  const wanted = query.trim().toLowerCase();
  return (view) => wanted === '' || QUERY_PROPERTIES.some((name) => view.text(name)?.toLowerCase().includes(wanted) === true);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
