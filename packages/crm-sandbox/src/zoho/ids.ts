/**
 * Zoho ids are 19-digit numeric strings that start with an org-specific prefix. The sandbox
 * uses a 7-digit org code, one digit for the kind of thing and an 11-digit sequence, so ids
 * of one kind sort by creation and a seeded contact's id follows from its index alone.
 */
const KIND = { seededContact: '0', createdContact: '1', account: '2', call: '3', module: '7', org: '8', user: '9' } as const;
export type IdKind = keyof typeof KIND;

const SEQUENCE_DIGITS = 11;

export function makeId(orgCode: number, kind: IdKind, sequence: number): string {
  return `${orgCode}${KIND[kind]}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

export function seededContactId(orgCode: number, index: number): string {
  return makeId(orgCode, 'seededContact', index + 1);
}

export type ContactRef = { kind: 'seeded'; index: number } | { kind: 'created'; seq: number };

/** The contact an id names in this org, or null when it cannot be one of its contact ids. */
export function parseContactId(orgCode: number, id: string): ContactRef | null {
  if (!/^\d{19}$/.test(id) || !id.startsWith(String(orgCode))) return null;
  const sequence = Number(id.slice(8));
  if (sequence < 1) return null;
  if (id[7] === KIND.seededContact) return { kind: 'seeded', index: sequence - 1 };
  if (id[7] === KIND.createdContact) return { kind: 'created', seq: sequence };
  return null;
}

export function parseIdOfKind(orgCode: number, kind: IdKind, id: string): number | null {
  if (!/^\d{19}$/.test(id) || !id.startsWith(String(orgCode)) || id[7] !== KIND[kind]) return null;
  const sequence = Number(id.slice(8));
  return sequence >= 1 ? sequence : null;
}

/** A stable account (company) id from its name, so the same company always gets the same lookup id. */
export function accountIdForName(orgCode: number, name: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return makeId(orgCode, 'account', (h % 99_999_999_999) + 1);
}
