import { STANDARD_CONTACT_FIELDS, type TStandardContactField, type TStandardFieldValues } from '@voiceagent/shared';
import type { TypedFieldValue } from './field-values';

/** crm_contacts' column for each standard field. */
export const STANDARD_FIELD_COLUMNS = {
  timeZone: 'time_zone',
  preferredLanguage: 'preferred_language',
  doNotCall: 'do_not_call',
  callConsent: 'call_consent',
  preferredCallTime: 'preferred_call_time',
  accountOwner: 'account_owner',
} as const satisfies Record<TStandardContactField, string>;
export type StandardFieldColumn = (typeof STANDARD_FIELD_COLUMNS)[TStandardContactField];

let zonesByLowerName: Map<string, string> | undefined;

/**
 * An IANA zone for what a CRM holds: HubSpot's `hs_timezone` values spell `America/New_York` as
 * `america_slash_new_york`; others hold the name in any case. Anything else is kept as the CRM
 * wrote it (calling rules then treat the contact's zone as unknown).
 */
export function toIanaTimeZone(text: string): string {
  zonesByLowerName ??= new Map([...Intl.supportedValuesOf('timeZone'), 'UTC'].map((zone) => [zone.toLowerCase(), zone]));
  const candidate = text.trim().replace(/_slash_/gi, '/').toLowerCase();
  return zonesByLowerName.get(candidate) ?? zonesByLowerName.get(candidate.replace(/ /g, '_')) ?? resolvedZone(candidate) ?? text.trim();
}

/** A zone ICU knows under another canonical name (`Asia/Kolkata` is listed as `Asia/Calcutta`). */
function resolvedZone(candidate: string): string | undefined {
  if (!candidate.includes('/')) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: candidate }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * A typed CRM value as the standard field's value, or why it cannot be one: a boolean field takes
 * only true or false, a text field takes any value as text.
 */
export function toStandardValue(field: TStandardContactField, typed: TypedFieldValue): { value: string | boolean | null; issue: string | null } {
  const { value } = typed;
  if (value === null) return { value: null, issue: typed.issue };
  if (STANDARD_CONTACT_FIELDS[field].type === 'boolean') {
    return typeof value === 'boolean' ? { value, issue: null } : { value: null, issue: typed.issue ?? `Not true or false: "${String(value)}"` };
  }
  const text = Array.isArray(value) ? value.join(', ') : String(value);
  return { value: field === 'timeZone' ? toIanaTimeZone(text) : text, issue: typed.issue };
}

/** A row's standard columns as the contract's object. */
export function toStandardFieldValues(row: Record<StandardFieldColumn, string | boolean | null>): TStandardFieldValues {
  return {
    timeZone: row.time_zone as string | null,
    preferredLanguage: row.preferred_language as string | null,
    doNotCall: row.do_not_call as boolean | null,
    callConsent: row.call_consent as boolean | null,
    preferredCallTime: row.preferred_call_time as string | null,
    accountOwner: row.account_owner as string | null,
  };
}
