import { z } from 'zod';
import { CUSTOM_FIELD_KEY_PATTERN, type TCrmFieldType } from './custom-fields';
import { CONTACT_OBJECT_TYPES, PLATFORMS, ZPlatform } from './platforms';

/**
 * The contacts' filter tree (issue 16): groups combine with and / or / not, a condition is
 * `{ field, operator, value }`. Fields are the standard ones below and every mapped custom field
 * (`custom.<key>`, typed by its mapping). The server compiles a tree to parameterised SQL; the web
 * builds one with the same rules (`checkFilterTree`).
 */
export const FILTER_TREE_MAX_DEPTH = 5;
export const FILTER_TREE_MAX_CONDITIONS = 50;
/** Values of one `in` / `not_in` condition. */
export const FILTER_IN_MAX = 500;

export const FILTER_OPERATORS = [
  'eq',
  'neq',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'in_last_days',
  'is_empty',
  'is_not_empty',
] as const;
export const ZFilterOperator = z.enum(FILTER_OPERATORS);
export type TFilterOperator = z.infer<typeof ZFilterOperator>;

/** The kinds of value a field holds, which decide its operators. */
export const FILTER_VALUE_KINDS = ['text', 'number', 'date', 'datetime', 'boolean', 'list'] as const;
export const ZFilterValueKind = z.enum(FILTER_VALUE_KINDS);
export type TFilterValueKind = z.infer<typeof ZFilterValueKind>;

/** Operators each kind of field takes. */
export const FILTER_OPERATORS_BY_KIND: Record<TFilterValueKind, readonly TFilterOperator[]> = {
  text: ['eq', 'neq', 'in', 'not_in', 'contains', 'starts_with', 'is_empty', 'is_not_empty'],
  number: ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'is_empty', 'is_not_empty'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between', 'in_last_days', 'is_empty', 'is_not_empty'],
  datetime: ['gt', 'gte', 'lt', 'lte', 'between', 'in_last_days', 'is_empty', 'is_not_empty'],
  boolean: ['eq', 'is_empty', 'is_not_empty'],
  // A multi-select: `contains` one choice, `in` any of several.
  list: ['contains', 'in', 'is_empty', 'is_not_empty'],
};

/** The standard fields a tree can name, with their kind (and, for closed sets, their values). */
export const FILTER_STANDARD_FIELDS = {
  platform: { label: 'CRM', kind: 'text', values: PLATFORMS },
  objectType: { label: 'Record type', kind: 'text', values: CONTACT_OBJECT_TYPES },
  firstName: { label: 'First name', kind: 'text' },
  lastName: { label: 'Last name', kind: 'text' },
  email: { label: 'Email', kind: 'text' },
  emailDomain: { label: 'Email domain', kind: 'text' },
  company: { label: 'Company', kind: 'text' },
  jobTitle: { label: 'Job title', kind: 'text' },
  lifecycleStage: { label: 'Lifecycle stage', kind: 'text' },
  leadStatus: { label: 'Lead status', kind: 'text' },
  ownerId: { label: 'Owner', kind: 'text' },
  timeZone: { label: 'Time zone', kind: 'text' },
  preferredLanguage: { label: 'Preferred language', kind: 'text' },
  accountOwner: { label: 'Account owner', kind: 'text' },
  preferredCallTime: { label: 'Preferred call time', kind: 'text' },
  doNotCall: { label: 'Do not call', kind: 'boolean' },
  callConsent: { label: 'Consent to be called', kind: 'boolean' },
  isCallable: { label: 'Callable', kind: 'boolean' },
  hasEmail: { label: 'Has email', kind: 'boolean' },
  crmCreatedAt: { label: 'Created in the CRM', kind: 'datetime' },
  crmUpdatedAt: { label: 'Updated in the CRM', kind: 'datetime' },
} as const satisfies Record<string, { label: string; kind: TFilterValueKind; values?: readonly string[] }>;
export type TFilterStandardField = keyof typeof FILTER_STANDARD_FIELDS;

/** How a custom field's type filters. */
export function filterKindOfFieldType(type: TCrmFieldType): TFilterValueKind {
  switch (type) {
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'multi_select':
      return 'list';
    default:
      return 'text';
  }
}

const ZFilterScalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()]);
export const ZFilterCondition = z.strictObject({
  field: z.string().min(1).max(80),
  operator: ZFilterOperator,
  /** A scalar; an array for in / not_in; [from, to] for between; a day count for in_last_days; absent for is_empty. */
  value: z.union([ZFilterScalar, z.array(ZFilterScalar).max(FILTER_IN_MAX)]).optional(),
});
export type TFilterCondition = z.infer<typeof ZFilterCondition>;

export type TFilterNode = TFilterCondition | { and: TFilterNode[] } | { or: TFilterNode[] } | { not: TFilterNode };

export const ZFilterNode: z.ZodType<TFilterNode> = z.lazy(() =>
  z.union([
    ZFilterCondition,
    z.strictObject({ and: z.array(ZFilterNode).min(1).max(FILTER_TREE_MAX_CONDITIONS) }),
    z.strictObject({ or: z.array(ZFilterNode).min(1).max(FILTER_TREE_MAX_CONDITIONS) }),
    z.strictObject({ not: ZFilterNode }),
  ]),
);

/**
 * A field the caller's trees may name, as GET /crm/contacts/filter-fields lists them: standard
 * fields, then each mapped custom key (labelled by its CRM field, with the CRMs that feed it).
 */
export const ZFilterField = z.object({
  /** What a condition's `field` says: `lifecycleStage`, `custom.plan`. */
  field: z.string(),
  label: z.string(),
  kind: ZFilterValueKind,
  operators: z.array(ZFilterOperator),
  /** The values it takes, when it is a closed set (CRM, record type, a picklist's options). */
  values: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
  isCustom: z.boolean(),
  /** The CRMs whose contacts can hold it. */
  platforms: z.array(ZPlatform),
});
export type TFilterField = z.infer<typeof ZFilterField>;
export const ZFilterFieldsResponse = z.object({ items: z.array(ZFilterField) });
export type TFilterFieldsResponse = z.infer<typeof ZFilterFieldsResponse>;

/** A field a tree may name: its kind, and the values it can take when closed. */
export type TFilterFieldInfo = { kind: TFilterValueKind; values?: readonly string[] };

/** Where a tree is wrong: the path to the node (`and.2.or.0`) and what is wrong. */
export type TFilterTreeIssue = { path: string; message: string };

/**
 * Checks a parsed tree against the fields that exist (the standard ones, and `custom.<key>` for
 * the user's mapped keys by kind): bounds, each field known, each operator fitting its field's
 * kind, each value of the operator's shape. Returns every issue; empty when the tree is good.
 */
export function checkFilterTree(tree: TFilterNode, customKinds: ReadonlyMap<string, TFilterValueKind>): TFilterTreeIssue[] {
  const issues: TFilterTreeIssue[] = [];
  let conditions = 0;
  const visit = (node: TFilterNode, path: string, depth: number) => {
    if (depth > FILTER_TREE_MAX_DEPTH) {
      issues.push({ path, message: `Groups nest at most ${FILTER_TREE_MAX_DEPTH} deep` });
      return;
    }
    if ('and' in node) return node.and.forEach((child, i) => visit(child, join(path, `and.${i}`), depth + 1));
    if ('or' in node) return node.or.forEach((child, i) => visit(child, join(path, `or.${i}`), depth + 1));
    if ('not' in node) return visit(node.not, join(path, 'not'), depth + 1);
    conditions += 1;
    const problem = checkCondition(node, customKinds);
    if (problem) issues.push({ path, message: problem });
  };
  visit(tree, '', 1);
  if (conditions > FILTER_TREE_MAX_CONDITIONS) issues.push({ path: '', message: `At most ${FILTER_TREE_MAX_CONDITIONS} conditions; this filter has ${conditions}` });
  return issues;
}

/** The field a condition names, or undefined when no such field exists for this user. */
export function resolveFilterField(field: string, customKinds: ReadonlyMap<string, TFilterValueKind>): TFilterFieldInfo | undefined {
  if (field.startsWith('custom.')) {
    const key = field.slice('custom.'.length);
    const kind = CUSTOM_FIELD_KEY_PATTERN.test(key) ? customKinds.get(key) : undefined;
    return kind ? { kind } : undefined;
  }
  return Object.hasOwn(FILTER_STANDARD_FIELDS, field) ? FILTER_STANDARD_FIELDS[field as TFilterStandardField] : undefined;
}

function checkCondition(condition: TFilterCondition, customKinds: ReadonlyMap<string, TFilterValueKind>): string | null {
  const field = resolveFilterField(condition.field, customKinds);
  if (!field) return condition.field.startsWith('custom.') ? `No mapped custom field "${condition.field}"` : `No field "${condition.field}"`;
  if (!FILTER_OPERATORS_BY_KIND[field.kind].includes(condition.operator)) {
    return `${condition.field} does not take "${condition.operator}"; it takes ${FILTER_OPERATORS_BY_KIND[field.kind].join(', ')}`;
  }
  const { value } = condition;
  const scalarOk = (item: unknown) => isScalarOfKind(item, field.kind) && (!field.values || field.values.includes(String(item)));
  switch (condition.operator) {
    case 'is_empty':
    case 'is_not_empty':
      return value === undefined ? null : `"${condition.operator}" takes no value`;
    case 'in':
    case 'not_in':
      return Array.isArray(value) && value.length > 0 && value.every(scalarOk) ? null : `"${condition.operator}" takes a non-empty list of ${describeKind(field)}`;
    case 'between':
      return Array.isArray(value) && value.length === 2 && value.every(scalarOk) ? null : `"between" takes [from, to] as ${describeKind(field)}`;
    case 'in_last_days':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 36_500 ? null : '"in_last_days" takes a whole number of days (1 to 36,500)';
    case 'contains':
      // A multi-select contains one of its choices; text contains a part.
      return typeof value === 'string' && value !== '' ? null : `"contains" takes some text`;
    case 'starts_with':
      return typeof value === 'string' && value !== '' ? null : `"starts_with" takes some text`;
    default:
      return !Array.isArray(value) && value !== undefined && scalarOk(value) ? null : `"${condition.operator}" takes ${describeKind(field)}`;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isScalarOfKind(value: unknown, kind: TFilterValueKind): boolean {
  switch (kind) {
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value));
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
    default:
      return typeof value === 'string';
  }
}

function describeKind(field: TFilterFieldInfo): string {
  if (field.values) return `one of ${field.values.join(', ')}`;
  return { text: 'text', number: 'a number', date: 'a date (YYYY-MM-DD)', datetime: 'a date and time (ISO 8601)', boolean: 'true or false', list: 'text' }[field.kind];
}

function join(path: string, part: string): string {
  return path ? `${path}.${part}` : part;
}
