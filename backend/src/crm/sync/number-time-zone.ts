import { timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NumberTimeZone = { number_time_zone: string | null; number_time_zone_state: 'derived' | 'unknown' };

const UNKNOWN: NumberTimeZone = { number_time_zone: null, number_time_zone_state: 'unknown' };

/**
 * The IANA zone of an E.164 number from Google's libphonenumber time-zone mapper (country, and for
 * countries with several zones the area code). A number whose prefix spans several zones (an
 * 800 number, Western Australia's 08 shared with South Australia) is unknown: calling at 9:00 in
 * the wrong one of them is what the calling rules exist to prevent.
 */
export async function deriveNumberTimeZone(e164: string | null): Promise<NumberTimeZone> {
  if (!e164) return UNKNOWN;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return UNKNOWN;
  // The mapper types its argument with its own copy of libphonenumber-js; the object is the same shape.
  const zones = await timezones(parsed as unknown as Parameters<typeof timezones>[0]);
  if (!zones || zones.length !== 1 || zones[0] === 'Etc/Unknown') return UNKNOWN;
  return { number_time_zone: zones[0]!, number_time_zone_state: 'derived' };
}

/** The rows with their number's zone; the number dialled is the phone, else the mobile (as campaigns take them). */
export async function withNumberTimeZones<T extends { phone_e164: string | null; mobile_phone_e164: string | null }>(
  rows: readonly T[],
): Promise<Array<T & NumberTimeZone>> {
  const cache = new Map<string | null, Promise<NumberTimeZone>>();
  return Promise.all(
    rows.map(async (row) => {
      const dialled = row.phone_e164 ?? row.mobile_phone_e164;
      let zone = cache.get(dialled);
      if (!zone) cache.set(dialled, (zone = deriveNumberTimeZone(dialled)));
      return { ...row, ...(await zone) };
    }),
  );
}
