import type { PoolClient } from 'pg';
import {
  FILTER_OPERATORS_BY_KIND,
  FILTER_STANDARD_FIELDS,
  PLATFORMS,
  filterKindOfFieldType,
  type TFilterField,
  type TFilterValueKind,
  type TPlatform,
} from '@voiceagent/shared';
import { listCustomKeyMappings, type CustomKeyRow } from './field-mappings-repository';

/** What a filter tree may name for one user: the standard fields and the user's mapped custom keys. */
export type FilterFields = { items: TFilterField[]; customKinds: ReadonlyMap<string, TFilterValueKind> };

// The closed sets' values as people read them.
const VALUE_LABELS: Record<string, string> = { hubspot: 'HubSpot', zoho: 'Zoho', salesforce: 'Salesforce', contact: 'Contact', lead: 'Lead' };

/**
 * The fields as they stand now: a key stops being filterable the moment its last mapping goes or
 * breaks, and a tree naming it is then a 400 rather than an always-empty list.
 */
export async function readFilterFields(db: PoolClient, userId: string): Promise<FilterFields> {
  const standard: TFilterField[] = Object.entries(FILTER_STANDARD_FIELDS).map(([field, spec]) => ({
    field,
    label: spec.label,
    kind: spec.kind,
    operators: [...FILTER_OPERATORS_BY_KIND[spec.kind]],
    ...('values' in spec ? { values: spec.values.map((value) => ({ value, label: VALUE_LABELS[value] ?? value })) } : {}),
    isCustom: false,
    platforms: [...PLATFORMS],
  }));
  const custom = toCustomFields(await listCustomKeyMappings(db, userId));
  return { items: [...standard, ...custom], customKinds: new Map(custom.map((field) => [field.field.slice('custom.'.length), field.kind])) };
}

/**
 * One filter field per custom key. A key fed by CRMs whose fields differ in type (a number at
 * HubSpot, text at Zoho) filters as text, the one comparison every stored value supports.
 */
function toCustomFields(rows: readonly CustomKeyRow[]): TFilterField[] {
  const byKey = new Map<string, CustomKeyRow[]>();
  for (const row of rows) byKey.set(row.target_key, [...(byKey.get(row.target_key) ?? []), row]);
  return [...byKey].map(([key, mappings]) => {
    const kinds = new Set(mappings.map((row) => filterKindOfFieldType(row.field_type)));
    const kind: TFilterValueKind = kinds.size === 1 ? [...kinds][0]! : 'text';
    const options = new Map(mappings.flatMap((row) => row.options.map((option) => [option.value, option.label] as const)));
    const platforms = PLATFORMS.filter((platform: TPlatform) => mappings.some((row) => row.platform === platform));
    return {
      field: `custom.${key}`,
      label: mappings[0]!.label,
      kind,
      operators: [...FILTER_OPERATORS_BY_KIND[kind]],
      ...(options.size > 0 && (kind === 'text' || kind === 'list') ? { values: [...options].map(([value, label]) => ({ value, label })) } : {}),
      isCustom: true,
      platforms,
    };
  });
}
