/**
 * CRMs keep a contact's country as free text ("Germany", "USA", "de"). The sync only needs the
 * ISO 3166-1 alpha-2 code as the default region for national-format phone numbers, so a small
 * table of the names people actually type is enough; anything unclear stays null rather than
 * guessed.
 */
const NAMES_BY_CODE: Record<string, string[]> = {
  US: ['united states', 'united states of america', 'usa', 'u.s.', 'u.s.a.', 'america'],
  CA: ['canada'],
  MX: ['mexico', 'méxico'],
  BR: ['brazil', 'brasil'],
  AR: ['argentina'],
  CL: ['chile'],
  CO: ['colombia'],
  GB: ['united kingdom', 'uk', 'great britain', 'britain', 'england', 'scotland', 'wales'],
  IE: ['ireland'],
  DE: ['germany', 'deutschland'],
  AT: ['austria', 'österreich'],
  CH: ['switzerland', 'schweiz', 'suisse'],
  FR: ['france'],
  BE: ['belgium', 'belgique', 'belgië'],
  NL: ['netherlands', 'the netherlands', 'holland', 'nederland'],
  LU: ['luxembourg'],
  ES: ['spain', 'españa', 'espana'],
  PT: ['portugal'],
  IT: ['italy', 'italia'],
  PL: ['poland', 'polska'],
  CZ: ['czech republic', 'czechia'],
  SE: ['sweden', 'sverige'],
  NO: ['norway', 'norge'],
  DK: ['denmark', 'danmark'],
  FI: ['finland', 'suomi'],
  GR: ['greece'],
  TR: ['turkey', 'türkiye'],
  IL: ['israel'],
  AE: ['united arab emirates', 'uae'],
  SA: ['saudi arabia'],
  IN: ['india'],
  CN: ['china'],
  JP: ['japan'],
  KR: ['south korea', 'korea'],
  SG: ['singapore'],
  AU: ['australia'],
  NZ: ['new zealand'],
  ZA: ['south africa'],
};

const CODE_BY_NAME = new Map<string, string>();
for (const [code, names] of Object.entries(NAMES_BY_CODE)) {
  CODE_BY_NAME.set(code.toLowerCase(), code);
  for (const name of names) CODE_BY_NAME.set(name, code);
}

/** "Germany", "germany ", "DE" → "DE"; unknown or empty → null. */
export function toCountryCode(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.trim().toLowerCase().replace(/\s+/g, ' ');
  return key === '' ? null : (CODE_BY_NAME.get(key) ?? null);
}
