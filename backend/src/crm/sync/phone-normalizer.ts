import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * A number as the CRM holds it → E.164, or null when it is not a callable number.
 *
 * - "+49 30 …" stands on its own.
 * - A national number ("(415) 555-0134", "030 1234567") is read in each region of `regions` in
 *   turn — the contact's country first, then the connection's and the server's default — and
 *   taken from the first region where it is a valid number *of that region*. libphonenumber
 *   also honours each region's international dialling prefix, which misreads national numbers:
 *   São Paulo's "011 9841 1651" would become an Iranian number (011 is the US prefix, and
 *   Brazil's 0xx carrier codes look alike), so a result in another country is not taken here.
 * - "0049 30 …", the ITU's 00 prefix, is read as international when no region made sense of it
 *   (and "011 …" likewise when the first region dials abroad with 011, as North America does).
 *
 * The full metadata ("max") is used on purpose: the smaller sets check little more than
 * lengths, and a number in an unassigned range would be dialled by a voice agent for nothing.
 */
export function normalizePhone(raw: string | null, regions: ReadonlyArray<string | null | undefined>): string | null {
  if (raw === null) return null;
  const digits = raw.replace(/\D/g, '');
  if (digits.length < 3) return null;
  if (raw.trimStart().startsWith('+')) return readInternational(`+${digits}`);

  const candidates = supportedRegions(regions);
  for (const region of candidates) {
    const parsed = parsePhoneNumberFromString(raw, { defaultCountry: region });
    if (parsed?.isValid() && parsed.countryCallingCode === getCountryCallingCode(region)) return parsed.number;
  }
  if (digits.startsWith('00')) return readInternational(`+${digits.slice(2)}`);
  const first = candidates[0];
  if (first && getCountryCallingCode(first) === '1' && digits.startsWith('011')) return readInternational(`+${digits.slice(3)}`);
  return null;
}

function readInternational(text: string): string | null {
  const parsed = parsePhoneNumberFromString(text);
  return parsed?.isValid() ? parsed.number : null;
}

function supportedRegions(regions: ReadonlyArray<string | null | undefined>): CountryCode[] {
  const result: CountryCode[] = [];
  for (const region of regions) {
    const upper = region?.toUpperCase();
    if (upper && isSupportedCountry(upper) && !result.includes(upper)) result.push(upper);
  }
  return result;
}
