/**
 * A bench knob read from the environment: a positive integer, or the fallback when it is unset or empty.
 * Anything else stops the bench, so a typo cannot silently measure the default instead.
 */
export function readPositiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
