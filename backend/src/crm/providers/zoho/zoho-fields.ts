import type { TCrmFieldOption, TCrmFieldType } from '@voiceagent/shared';
import { z } from 'zod';
import { AppError } from '../../../http/app-error';
import type { CrmField } from '../../crm-service';
import type { ProviderErrorDetails } from '../../provider-http/provider-error';
import type { ProviderHttpClient } from '../../provider-http/provider-http-client';
import { parseProviderBody } from '../provider-pages';
import { ZOHO_API_VERSION } from './zoho-oauth';

/** The scope Zoho's Field Metadata API needs (or ZohoCRM.settings.fields.ALL, or ZohoCRM.settings.ALL). */
export const ZOHO_FIELDS_SCOPE = 'ZohoCRM.settings.fields.READ';

// Lenient on purpose: Zoho adds keys release after release, and one odd field must not cost the catalogue.
const ZPicklistValue = z.looseObject({
  actual_value: z.unknown().optional(),
  display_value: z.unknown().optional(),
  type: z.string().nullable().optional(),
});
const ZZohoField = z.looseObject({
  api_name: z.unknown().optional(),
  field_label: z.unknown().optional(),
  display_label: z.unknown().optional(),
  data_type: z.unknown().optional(),
  custom_field: z.unknown().optional(),
  read_only: z.unknown().optional(),
  field_read_only: z.unknown().optional(),
  formula: z.unknown().optional(),
  rollup_summary: z.unknown().optional(),
  pick_list_values: z.array(z.unknown()).nullable().optional(),
});
const ZFieldsBody = z.object({ fields: z.array(z.unknown()) });
export type TZohoField = z.infer<typeof ZZohoField>;

/**
 * GET /crm/v8/settings/fields?module=Contacts (Zoho's Field Metadata API), one request. A token
 * granted before we asked for the settings scope gets Zoho's 401 OAUTH_SCOPE_MISMATCH, which
 * becomes a `provider_rejected` telling the user to reconnect, never a refresh or a 500.
 */
export async function listZohoFields(http: ProviderHttpClient): Promise<CrmField[]> {
  let data: unknown;
  try {
    const response = await http.get<unknown>(`/crm/${ZOHO_API_VERSION}/settings/fields`, { params: { module: 'Contacts' }, operation: 'zoho.fields' });
    // 204: a module without fields; Zoho answers it for empty listings.
    if (response.status === 204) return [];
    data = response.data;
  } catch (error) {
    throw explainMissingScope(error);
  }
  const body = parseProviderBody(ZFieldsBody, data, 'Zoho CRM', 'Field Metadata');
  return body.fields.flatMap((raw) => {
    const parsed = ZZohoField.safeParse(raw);
    const field = parsed.success ? mapZohoField(parsed.data) : null;
    return field ? [field] : [];
  });
}

/** One field of the metadata in our model; null for a field without an API name. */
export function mapZohoField(field: TZohoField): CrmField | null {
  const name = text(field.api_name);
  if (name === null) return null;
  const dataType = text(field.data_type) ?? '';
  const calculation = calculationOf(dataType, field);
  const type = calculation ? typeOfDataType(calculation.returnType) : typeOfDataType(dataType);
  return {
    objectType: 'contact',
    name,
    label: text(field.field_label) ?? text(field.display_label) ?? name,
    type,
    options: type === 'enumeration' || type === 'multi_select' ? optionsOf(field.pick_list_values) : [],
    custom: field.custom_field === true,
    readOnly: field.read_only === true || field.field_read_only === true || calculation !== null,
    calculated: calculation !== null,
  };
}

/** Zoho's `data_type` (or a formula's `return_type`) in our types; what we do not model is a string. */
export function typeOfDataType(dataType: string): TCrmFieldType {
  switch (dataType) {
    case 'email':
      return 'email';
    case 'phone':
      return 'phone';
    case 'integer':
    case 'bigint':
    case 'double':
    case 'currency':
    case 'decimal':
    case 'percent':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    case 'picklist':
      return 'enumeration';
    case 'multiselectpicklist':
      return 'multi_select';
    default:
      // text, textarea, website, autonumber, lookup, ownerlookup, and anything Zoho adds later.
      return 'string';
  }
}

/** A formula and a rollup summary are computed by Zoho; each names the type it yields. */
function calculationOf(dataType: string, field: TZohoField): { returnType: string } | null {
  const source = dataType === 'formula' ? field.formula : dataType === 'rollup_summary' ? field.rollup_summary : undefined;
  if (source === undefined) return null;
  const returnType = typeof source === 'object' && source !== null ? text((source as { return_type?: unknown }).return_type) : null;
  return { returnType: returnType ?? 'text' };
}

/**
 * Choices in Zoho's order, by actual value (what records carry) with the display value as label.
 * Unused (inactive) choices and Zoho's "-None-" placeholder, which stands for no value, are left out.
 */
function optionsOf(values: unknown[] | null | undefined): TCrmFieldOption[] {
  const options: TCrmFieldOption[] = [];
  for (const raw of values ?? []) {
    const parsed = ZPicklistValue.safeParse(raw);
    if (!parsed.success || parsed.data.type === 'unused') continue;
    const value = text(parsed.data.actual_value);
    if (value === null || value === '-None-') continue;
    options.push({ value, label: text(parsed.data.display_value) ?? value });
  }
  return options;
}

function explainMissingScope(error: unknown): unknown {
  const details = error instanceof AppError ? (error.details as ProviderErrorDetails | undefined) : undefined;
  if (details?.providerCode !== 'OAUTH_SCOPE_MISMATCH') return error;
  return new AppError(
    'provider_rejected',
    `Zoho CRM did not let this connection read its field list: the connection was made without the ${ZOHO_FIELDS_SCOPE} scope. Reconnect Zoho CRM to grant it.`,
    { ...details, missingScope: ZOHO_FIELDS_SCOPE, reconnect: true },
  );
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}
