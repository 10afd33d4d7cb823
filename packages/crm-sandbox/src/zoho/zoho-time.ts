/**
 * Zoho writes date-times in the org's time zone with an offset and whole seconds,
 * e.g. 2024-05-01T10:15:30+05:30, so the sandbox keeps record times at second precision.
 */
export function formatZohoTime(epochMs: number, offsetMinutes: number): string {
  const local = new Date(Math.floor(epochMs / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  return `${local.toISOString().slice(0, 19)}${offset}`;
}

export function toSeconds(epochMs: number): number {
  return Math.floor(epochMs / 1000);
}

/**
 * Parses an If-Modified-Since value. Zoho documents ISO 8601 with an offset; HTTP dates
 * (what many HTTP clients send) are accepted too. Returns epoch seconds or null when unreadable.
 */
export function parseIfModifiedSince(value: string): number | null {
  const trimmed = value.trim();
  const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
  const httpDate = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
  if (!iso.test(trimmed) && !httpDate.test(trimmed)) return null;
  const ms = Date.parse(trimmed);
  return Number.isNaN(ms) ? null : toSeconds(ms);
}

/** Parses a date-time given in a record (e.g. Call_Start_Time); Zoho requires an offset. */
export function parseZohoDateTime(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
