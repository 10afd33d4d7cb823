import type { TContactObjectType, TCrmFieldOption, TCrmFieldType, TCustomFieldValue, TStandardContactField } from '@voiceagent/shared';
import type { CrmContactRecord, MappedFieldNames } from '../crm-records';
import { typeFieldValue, type TypedFieldValue } from './field-values';
import { STANDARD_FIELD_COLUMNS, toStandardValue, type StandardFieldColumn } from './standard-field-values';

/** One mapped provider field, as the sync applies it. */
export type FieldRule = {
  objectType: TContactObjectType;
  field: string;
  target: { kind: 'custom'; key: string } | { kind: 'standard'; field: TStandardContactField };
  type: TCrmFieldType;
  options: TCrmFieldOption[];
};

/** What a sync does with mapped fields: which to ask the provider for, and where each value goes. */
export type FieldPlan = { rules: readonly FieldRule[]; fields: MappedFieldNames };

export const EMPTY_FIELD_PLAN: FieldPlan = { rules: [], fields: { contact: [], lead: [] } };

/** The columns of crm_contacts a plan fills: every contact gets all of them, null or {} when unmapped. */
export type MappedFieldColumns = {
  custom_fields: Record<string, TCustomFieldValue>;
  field_issues: Record<string, string>;
} & Record<StandardFieldColumn, string | boolean | null>;

export function buildFieldPlan(rules: readonly FieldRule[]): FieldPlan {
  const names = (objectType: TContactObjectType) => [...new Set(rules.filter((rule) => rule.objectType === objectType).map((rule) => rule.field))];
  return { rules, fields: { contact: names('contact'), lead: names('lead') } };
}

/**
 * An account owner is spoken, not looked up: HubSpot's owner property is an enumeration of owner
 * ids labelled with their names, so the owner is kept by label. Other standard fields keep the
 * value (a time zone's or a language's code is what calling rules read).
 */
function spokenOwner(rule: FieldRule, typed: TypedFieldValue): TypedFieldValue {
  if (rule.target.kind !== 'standard' || rule.target.field !== 'accountOwner' || typeof typed.value !== 'string') return typed;
  const label = rule.options.find((option) => option.value === typed.value)?.label;
  return label ? { value: label, issue: typed.issue } : typed;
}

/** A backfill's plan: the rules of the targets it rewrites (`custom:<key>`, `standard:<field>`); null targets: the whole plan. */
export function restrictFieldPlan(plan: FieldPlan, targets: readonly string[] | null): FieldPlan {
  if (targets === null) return plan;
  const wanted = new Set(targets);
  return buildFieldPlan(plan.rules.filter((rule) => wanted.has(targetId(rule.target))));
}

/** How a backfill names a target: `custom:<key>` or `standard:<field>`. */
export function targetId(target: FieldRule['target']): string {
  return target.kind === 'custom' ? `custom:${target.key}` : `standard:${target.field}`;
}

/**
 * A record's mapped fields, typed, from the values the provider returned in `rawProperties`.
 * Fields of the other object (a lead's fields on a contact) do not apply. A key with no value is
 * left out of custom_fields; a value that did not fit its type is kept raw and named in field_issues.
 */
export function applyFieldPlan(record: CrmContactRecord, plan: FieldPlan): MappedFieldColumns {
  const columns: MappedFieldColumns = {
    custom_fields: {},
    field_issues: {},
    time_zone: null,
    preferred_language: null,
    do_not_call: null,
    call_consent: null,
    preferred_call_time: null,
    account_owner: null,
  };
  const objectType = record.objectType ?? 'contact';
  for (const rule of plan.rules) {
    if (rule.objectType !== objectType) continue;
    const typed = typeFieldValue(record.rawProperties[rule.field], rule.type, rule.options);
    if (rule.target.kind === 'custom') {
      if (typed.value !== null) columns.custom_fields[rule.target.key] = typed.value;
      if (typed.issue !== null) columns.field_issues[rule.target.key] = typed.issue;
      continue;
    }
    const standard = toStandardValue(rule.target.field, spokenOwner(rule, typed));
    columns[STANDARD_FIELD_COLUMNS[rule.target.field]] = standard.value;
    if (standard.issue !== null) columns.field_issues[rule.target.field] = standard.issue;
  }
  return columns;
}
