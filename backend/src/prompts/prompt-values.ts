import {
  formatFieldValueForPrompt,
  isPromptContactVariable,
  PLATFORM_PROMPT_NAMES,
  PROMPT_CONTACT_VARIABLES,
  renderPromptTemplate,
  type TContextCustomField,
  type TPromptContactVariable,
  type TRenderedPrompt,
  type TStandardFieldValues,
} from '@voiceagent/shared';
import { toStandardFieldValues } from '../crm/fields/standard-field-values';
import type { CustomMappingRow, PromptContactRow } from './prompt-fields-repository';

export type PromptContactValues = {
  /** Each contact variable's value, typed (booleans stay booleans). */
  fields: Record<TPromptContactVariable, string | boolean | null>;
  standardFields: TStandardFieldValues;
  customFields: TContextCustomField[];
  /** A variable (`contact.first_name`, `custom.plan`) as an agent says it; undefined without a value. */
  resolve(name: string): string | undefined;
};

/**
 * A contact's values for prompts. `mappings` are its own connection's custom mappings (its
 * platform and object): they give each key's label, type and options; a key mapped only on
 * another connection has no value here.
 */
export function readPromptContact(row: PromptContactRow & { snapshot_name?: string | null }, mappings: CustomMappingRow[]): PromptContactValues {
  const fullName = row.snapshot_name ?? ([row.first_name, row.last_name].filter(Boolean).join(' ') || null);
  const fields: PromptContactValues['fields'] = {
    first_name: row.first_name,
    last_name: row.last_name,
    full_name: fullName,
    company: row.company,
    job_title: row.job_title,
    email: row.email,
    phone: row.phone,
    lead_status: row.lead_status,
    lifecycle_stage: row.lifecycle_stage,
    platform: row.platform,
    time_zone: row.time_zone,
    preferred_language: row.preferred_language,
    do_not_call: row.do_not_call,
    call_consent: row.call_consent,
    preferred_call_time: row.preferred_call_time,
    account_owner: row.account_owner,
  };
  const standardFields = toStandardFieldValues(row);
  const mappingByKey = new Map(mappings.map((mapping) => [mapping.target_key, mapping]));
  const customFields = [...mappingByKey.values()].map((mapping): TContextCustomField => {
    const value = row.custom_fields[mapping.target_key] ?? null;
    const display = formatFieldValueForPrompt(value, mapping.field_type, mapping.options) ?? null;
    return { key: mapping.target_key, label: mapping.label, type: mapping.field_type, value, display };
  });

  function resolve(name: string): string | undefined {
    const [namespace, key = ''] = splitName(name);
    if (namespace === 'contact' && isPromptContactVariable(key)) {
      if (key === 'platform') return PLATFORM_PROMPT_NAMES[row.platform];
      return formatFieldValueForPrompt(fields[key], PROMPT_CONTACT_VARIABLES[key].type);
    }
    const mapping = namespace === 'custom' ? mappingByKey.get(key) : undefined;
    return mapping ? formatFieldValueForPrompt(row.custom_fields[key], mapping.field_type, mapping.options) : undefined;
  }

  return { fields, standardFields, customFields, resolve };
}

function splitName(name: string): [string, string?] {
  const dot = name.indexOf('.');
  return dot < 0 ? [name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** The greeting and instructions rendered with `resolve`, and the variables that had no value, once each in text order. */
export function renderPrompts(texts: { greeting: string; instructions: string }, resolve: (name: string) => string | undefined): TRenderedPrompt {
  const missing = new Set<string>();
  const tracking = (name: string) => {
    const value = resolve(name);
    if (value === undefined || value.trim() === '') missing.add(name);
    return value;
  };
  return { greeting: renderPromptTemplate(texts.greeting, tracking), instructions: renderPromptTemplate(texts.instructions, tracking), missing: [...missing] };
}
