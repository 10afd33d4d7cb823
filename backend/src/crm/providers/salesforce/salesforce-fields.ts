import { z } from 'zod';
import type { TCrmFieldType } from '@voiceagent/shared';
import type { CrmField, StandardFieldDefault } from '../../crm-records';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import type { SalesforceObject } from './salesforce-mapping';

/**
 * Describe's field entries, read leniently: Salesforce adds attributes every release, and a field
 * we cannot name is skipped rather than failing the catalogue.
 */
const ZPicklistValue = z.looseObject({ value: z.string().nullish(), label: z.string().nullish(), active: z.boolean().nullish() });
const ZDescribeField = z.looseObject({
  name: z.string().nullish(),
  label: z.string().nullish(),
  type: z.string().nullish(),
  custom: z.boolean().nullish(),
  calculated: z.boolean().nullish(),
  updateable: z.boolean().nullish(),
  picklistValues: z.array(z.unknown()).nullish(),
});
const ZDescribe = z.looseObject({ fields: z.array(z.unknown()) });
export type TDescribeField = z.infer<typeof ZDescribeField>;

/** Salesforce's field types that are ours under another name; anything else (url, id, reference, textarea…) is text. */
const TYPES: Record<string, TCrmFieldType> = {
  picklist: 'enumeration',
  multipicklist: 'multi_select',
  double: 'number',
  int: 'number',
  long: 'number',
  currency: 'number',
  percent: 'number',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  phone: 'phone',
  email: 'email',
};

/** The standard fields VoiceAgent reads from Salesforce until the user maps others: both objects have DoNotCall and OwnerId. */
export const SALESFORCE_STANDARD_FIELD_DEFAULTS: readonly StandardFieldDefault[] = (['contact', 'lead'] as const).flatMap((objectType) => [
  { objectType, field: 'DoNotCall', target: 'doNotCall' as const },
  { objectType, field: 'OwnerId', target: 'accountOwner' as const },
]);

/** The catalogue: describe of Contact, then of Lead (two requests), as our fields. */
export async function listSalesforceFields(http: ProviderHttpClient): Promise<CrmField[]> {
  const fields: CrmField[] = [];
  for (const object of ['Contact', 'Lead'] as const) {
    const response = await http.get<unknown>(`/sobjects/${object}/describe`, { operation: `salesforce.${object.toLowerCase()}.describe` });
    const body = parseProviderBody(ZDescribe, response.data, 'Salesforce', `the ${object} describe`);
    for (const raw of body.fields) {
      const field = toCrmField(object, raw);
      if (field) fields.push(field);
    }
  }
  return fields;
}

/** One describe entry as our field; null when it has no name (nothing could ask for it). */
export function toCrmField(object: SalesforceObject, raw: unknown): CrmField | null {
  const parsed = ZDescribeField.safeParse(raw);
  if (!parsed.success || !parsed.data.name) return null;
  const field = parsed.data;
  const options = readOptions(field.picklistValues ?? []);
  return {
    objectType: object === 'Lead' ? 'lead' : 'contact',
    name: field.name!,
    label: field.label ?? field.name!,
    type: mapType(field.type ?? '', options.length > 0),
    options,
    custom: field.custom === true,
    readOnly: field.updateable === false,
    calculated: field.calculated === true,
  };
}

function mapType(type: string, hasOptions: boolean): TCrmFieldType {
  // A combobox is free text with suggestions: a choice when it offers some.
  if (type === 'combobox') return hasOptions ? 'enumeration' : 'string';
  return TYPES[type] ?? 'string';
}

/** Active picklist values in describe's order; inactive ones take no new values, so nobody should map onto them. */
function readOptions(values: unknown[]): CrmField['options'] {
  const options: CrmField['options'] = [];
  for (const raw of values) {
    const parsed = ZPicklistValue.safeParse(raw);
    if (!parsed.success || parsed.data.active === false || typeof parsed.data.value !== 'string') continue;
    options.push({ value: parsed.data.value, label: parsed.data.label ?? parsed.data.value });
  }
  return options;
}
