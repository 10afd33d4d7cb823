import {
  FILTER_STANDARD_FIELDS,
  resolveFilterField,
  type TFilterCondition,
  type TFilterNode,
  type TFilterStandardField,
  type TFilterValueKind,
} from '@voiceagent/shared';
import type { SqlParams } from '../../../db/sql-params';

/** What a tree is compiled against: the user's custom keys by kind, and the time "in the last n days" counts back from. */
export type FilterTreeContext = { customKinds: ReadonlyMap<string, TFilterValueKind>; now: Date };

// Each standard field as an expression on `public.crm_contacts c`.
const STANDARD_EXPRESSIONS: Record<TFilterStandardField, string> = {
  platform: 'c.platform',
  objectType: 'c.object_type',
  firstName: 'c.first_name',
  lastName: 'c.last_name',
  email: 'c.email',
  emailDomain: "nullif(split_part(c.email, '@', 2), '')",
  company: 'c.company',
  jobTitle: 'c.job_title',
  lifecycleStage: 'c.lifecycle_stage',
  leadStatus: 'c.lead_status',
  ownerId: 'c.owner_id',
  timeZone: 'c.time_zone',
  preferredLanguage: 'c.preferred_language',
  accountOwner: 'c.account_owner',
  preferredCallTime: 'c.preferred_call_time',
  doNotCall: 'c.do_not_call',
  callConsent: 'c.call_consent',
  isCallable: '(c.phone_e164 is not null or c.mobile_phone_e164 is not null)',
  hasEmail: '(c.email is not null)',
  crmCreatedAt: 'c.crm_created_at',
  crmUpdatedAt: 'c.crm_updated_at',
};

/**
 * A filter tree as one SQL condition on `public.crm_contacts c`, every value a parameter (field
 * names become fixed expressions or a bound key, never text in the statement). Each condition is
 * two-valued: a contact without a value fails `eq` and `neq` alike, and `not` is plain negation,
 * so "not plan = pro" includes contacts with no plan. The tree must have passed checkFilterTree.
 */
export function compileFilterTree(tree: TFilterNode, params: SqlParams, context: FilterTreeContext): string {
  return compileNode(tree, params, context, false);
}

/**
 * Outside any `not`, a condition that is null (no value) rejects its row exactly as false does,
 * through and / or too, so it stays a plain comparison that an index can serve. Only under a
 * `not` does null differ from false; there each condition becomes two-valued with coalesce.
 */
function compileNode(tree: TFilterNode, params: SqlParams, context: FilterTreeContext, negated: boolean): string {
  if ('and' in tree) return `(${tree.and.map((node) => compileNode(node, params, context, negated)).join(' and ')})`;
  if ('or' in tree) return `(${tree.or.map((node) => compileNode(node, params, context, negated)).join(' or ')})`;
  if ('not' in tree) return `(not ${compileNode(tree.not, params, context, true)})`;
  const condition = compileCondition(tree, params, context);
  return negated ? `coalesce(${condition}, false)` : `(${condition})`;
}

function compileCondition(condition: TFilterCondition, params: SqlParams, context: FilterTreeContext): string {
  const field = resolveFilterField(condition.field, context.customKinds);
  if (!field) throw new Error(`compileFilterTree: unchecked field ${condition.field}`);
  if (condition.field.startsWith('custom.')) return compileCustom(condition.field.slice('custom.'.length), field.kind, condition, params, context);
  const expression = STANDARD_EXPRESSIONS[condition.field as TFilterStandardField];
  return compileOn(expression, FILTER_STANDARD_FIELDS[condition.field as TFilterStandardField].kind, condition, params, context);
}

/** A custom key's value, read by kind: a stored value that did not fit its type (a string kept raw) never matches a typed comparison. */
function compileCustom(key: string, kind: TFilterValueKind, condition: TFilterCondition, params: SqlParams, context: FilterTreeContext): string {
  const k = params.add(key);
  const value = condition.value;
  // Equality of a typed value is containment, which the GIN index on custom_fields serves.
  if ((condition.operator === 'eq' && kind !== 'date') || (condition.operator === 'contains' && kind === 'list')) {
    const item = kind === 'list' ? `jsonb_build_array(${params.add(String(value))}::text)` : `${params.add(JSON.stringify(value))}::jsonb`;
    return `c.custom_fields @> jsonb_build_object(${k}::text, ${item})`;
  }
  if (condition.operator === 'is_empty') return `not (c.custom_fields ? ${k})`;
  if (condition.operator === 'is_not_empty') return `(c.custom_fields ? ${k})`;
  if (kind === 'list') return `(case when jsonb_typeof(c.custom_fields -> ${k}) = 'array' then (c.custom_fields -> ${k}) ?| ${params.add((value as unknown[]).map(String))}::text[] end)`;
  const typed = {
    text: `(c.custom_fields ->> ${k})`,
    number: `(case when jsonb_typeof(c.custom_fields -> ${k}) = 'number' then (c.custom_fields ->> ${k})::numeric end)`,
    boolean: `(case when jsonb_typeof(c.custom_fields -> ${k}) = 'boolean' then (c.custom_fields ->> ${k})::boolean end)`,
    date: `(case when not (c.field_issues ? ${k}) then (c.custom_fields ->> ${k}) end)`,
    datetime: `(case when not (c.field_issues ? ${k}) then (c.custom_fields ->> ${k})::timestamptz end)`,
  }[kind];
  return compileOn(typed, kind, condition, params, context);
}

function compileOn(expression: string, kind: TFilterValueKind, condition: TFilterCondition, params: SqlParams, context: FilterTreeContext): string {
  const { operator, value } = condition;
  const cast = { text: 'text', number: 'numeric', date: 'text', datetime: 'timestamptz', boolean: 'boolean', list: 'text' }[kind];
  const one = (item: unknown) => `${params.add(item)}::${cast}`;
  switch (operator) {
    case 'eq':
      return `${expression} = ${one(value)}`;
    case 'neq':
      return `${expression} <> ${one(value)}`;
    case 'in':
      return `${expression} = any(${params.add(value)}::${cast}[])`;
    case 'not_in':
      return `${expression} <> all(${params.add(value)}::${cast}[])`;
    case 'contains':
      return `${expression} ilike ${params.add(`%${escapeLike(String(value))}%`)}`;
    case 'starts_with':
      return `${expression} ilike ${params.add(`${escapeLike(String(value))}%`)}`;
    case 'gt':
      return `${expression} > ${one(value)}`;
    case 'gte':
      return `${expression} >= ${one(value)}`;
    case 'lt':
      return `${expression} < ${one(value)}`;
    case 'lte':
      return `${expression} <= ${one(value)}`;
    case 'between': {
      const [from, to] = value as [unknown, unknown];
      return `(${expression} >= ${one(from)} and ${expression} <= ${one(to)})`;
    }
    case 'in_last_days': {
      const since = new Date(context.now.getTime() - Number(value) * 86_400_000);
      const [from, to] = kind === 'date' ? [since.toISOString().slice(0, 10), context.now.toISOString().slice(0, 10)] : [since.toISOString(), context.now.toISOString()];
      return `(${expression} >= ${one(from)} and ${expression} <= ${one(to)})`;
    }
    case 'is_empty':
      return kind === 'text' ? `coalesce(${expression}, '') = ''` : `${expression} is null`;
    case 'is_not_empty':
      return kind === 'text' ? `coalesce(${expression}, '') <> ''` : `${expression} is not null`;
  }
}

/** `ilike` treats %, _ and \ as pattern characters; a user's text matches as typed. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (match) => `\\${match}`);
}
