import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import { buildZNewContact, hasPhoneShape, type PhoneReader, type TCreateContactError, type TNewContact } from '@voiceagent/shared';
import { toFieldIssues } from '../../http/validate';
import type { NewContact } from '../crm-service';

/**
 * Reads a number as the caller wrote it: with `+` on its own, a national one in `country`. A
 * national number must stay in that country: libphonenumber also honours the region's
 * international dialling prefix, and a number it reads into another country is more likely a
 * typo than a call abroad. The full metadata, as the sync uses, so both agree on what a number is.
 */
function readPhone(raw: string, country: string | undefined): PhoneNumber | undefined {
  if (raw.startsWith('+')) return parsePhoneNumberFromString(raw);
  if (!country || !isSupportedCountry(country)) return undefined;
  const parsed = parsePhoneNumberFromString(raw, { defaultCountry: country });
  return parsed?.countryCallingCode === getCountryCallingCode(country) ? parsed : undefined;
}

const isReadablePhone: PhoneReader = (raw, country) => hasPhoneShape(raw, country) && readPhone(raw, country)?.isPossible() === true;

/** The shared schema of a new contact, with phone numbers checked by libphonenumber-js. */
export const ZNewContactInput = buildZNewContact(isReadablePhone);

/**
 * The contact as the CRM gets it. A national number is sent in international format: the
 * `country` it was read in is not stored anywhere, and without it neither the CRM's users nor
 * our sync could tell which country "030 1234567" belongs to.
 */
export function toProviderContact(input: TNewContact): NewContact {
  const { country, phone, mobilePhone, ...fields } = input;
  const contact: NewContact = { ...fields };
  if (phone !== undefined) contact.phone = toSendablePhone(phone, country);
  if (mobilePhone !== undefined) contact.mobilePhone = toSendablePhone(mobilePhone, country);
  return contact;
}

function toSendablePhone(raw: string, country: string | undefined): string {
  if (raw.startsWith('+')) return raw;
  return readPhone(raw, country)?.formatInternational() ?? raw;
}

export type BatchItem = { input: TNewContact } | { error: TCreateContactError };

/** Checks each item of a batch on its own: a bad item gets its error, the good ones go on. */
export function readBatchItems(items: readonly unknown[]): BatchItem[] {
  return items.map((item, index) => {
    const parsed = ZNewContactInput.safeParse(item);
    if (parsed.success) return { input: parsed.data };
    const issues = toFieldIssues(parsed.error).map((issue) => ({ ...issue, field: `contacts.${index}${issue.field === '(body)' ? '' : `.${issue.field}`}` }));
    return { error: { code: 'validation_failed', message: `Invalid contact: ${issues.map((issue) => issue.field).join(', ')}`, issues } };
  });
}
