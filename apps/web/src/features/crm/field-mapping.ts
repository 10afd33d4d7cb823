import {
  canFeedStandardField,
  CUSTOM_FIELD_KEY_PATTERN,
  CUSTOM_FIELDS_MAX,
  STANDARD_CONTACT_FIELD_NAMES,
  STANDARD_CONTACT_FIELDS,
  type TContactObjectType,
  type TCrmField,
  type TCrmFieldType,
  type TFieldMapping,
  type TFieldMappingInput,
  type TStandardContactField,
  suggestCustomFieldKey,
} from '@voiceagent/shared';

// The mapping screen's rules, kept apart from its components so they can be tested on their own.

/** A provider field by object and API name: Salesforce's Contact and Lead may both have `Email`. */
export type FieldRef = `${TContactObjectType}:${string}`;
export const toFieldRef = (field: { objectType: TContactObjectType; name: string }): FieldRef => `${field.objectType}:${field.name}`;

/** The catalogue's fields of one object that may feed `standard` (the contract's rule), by label. */
export function listCompatibleFields(fields: readonly TCrmField[], standard: TStandardContactField, objectType: TContactObjectType): TCrmField[] {
  return fields
    .filter((field) => field.objectType === objectType && canFeedStandardField(standard, field.type))
    .sort((a, b) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }));
}

const KEY_MAX = 63;

/**
 * The contract's key for a label (`Renewal Date` → `renewal_date`), made unique against `taken`
 * (the keys already used on the same object) with a numbered suffix that still fits 63 characters.
 */
export function suggestUniqueKey(label: string, taken: ReadonlySet<string> = new Set()): string {
  const base = suggestCustomFieldKey(label);
  if (!taken.has(base)) return base;
  for (let n = 2; ; n += 1) {
    const suffix = `_${n}`;
    const candidate = `${trimKey(base, KEY_MAX - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const trimKey = (key: string, max: number) => key.slice(0, max).replace(/_+$/, '');

/** The catalogue's fields whose label or API name contain the search, case- and accent-insensitively. */
export function filterCatalogue(fields: readonly TCrmField[], search: string): TCrmField[] {
  const needle = fold(search.trim());
  if (!needle) return [...fields];
  return fields.filter((field) => fold(field.label).includes(needle) || fold(field.name).includes(needle));
}

const fold = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** What the screen edits: the fields synced as custom fields (with their keys), and the field feeding each standard field per object. */
export type MappingDraft = {
  custom: Record<FieldRef, string>;
  standard: Partial<Record<`${TContactObjectType}:${TStandardContactField}`, string>>;
};

export const standardSlot = (objectType: TContactObjectType, field: TStandardContactField) => `${objectType}:${field}` as const;

/**
 * The draft for a saved mapping. Broken mappings are left out: the CRM no longer has their
 * field, so the server would refuse them, and saving drops them (their values go with the backfill).
 */
export function toMappingDraft(mappings: readonly TFieldMapping[]): MappingDraft {
  const draft: MappingDraft = { custom: {}, standard: {} };
  for (const mapping of mappings) {
    if (mapping.status === 'broken') continue;
    if (mapping.target.kind === 'custom') draft.custom[toFieldRef({ objectType: mapping.objectType, name: mapping.field })] = mapping.target.key;
    else draft.standard[standardSlot(mapping.objectType, mapping.target.field)] = mapping.field;
  }
  return draft;
}

/** Where each body item came from, so the server's `mappings.3.target.key` finds its row. */
export type DraftRow = { kind: 'custom'; ref: FieldRef } | { kind: 'standard'; slot: `${TContactObjectType}:${TStandardContactField}` };

export function toMappingsBody(draft: MappingDraft): { mappings: TFieldMappingInput[]; rows: DraftRow[] } {
  const mappings: TFieldMappingInput[] = [];
  const rows: DraftRow[] = [];
  for (const [slot, field] of Object.entries(draft.standard) as Array<[`${TContactObjectType}:${TStandardContactField}`, string | undefined]>) {
    if (!field) continue;
    const [objectType, standard] = splitRef(slot) as [TContactObjectType, TStandardContactField];
    mappings.push({ objectType, field, target: { kind: 'standard', field: standard } });
    rows.push({ kind: 'standard', slot });
  }
  for (const [ref, key] of Object.entries(draft.custom) as Array<[FieldRef, string]>) {
    const [objectType, field] = splitRef(ref) as [TContactObjectType, string];
    mappings.push({ objectType, field, target: { kind: 'custom', key: key.trim() } });
    rows.push({ kind: 'custom', ref });
  }
  return { mappings, rows };
}

/** Splits at the first colon only: an API name may hold one. */
const splitRef = (ref: string): [string, string] => {
  const at = ref.indexOf(':');
  return [ref.slice(0, at), ref.slice(at + 1)];
};

/** Whether the draft differs from what is saved (as the server would store it). */
export function isDraftChanged(draft: MappingDraft, saved: readonly TFieldMapping[]): boolean {
  const normalise = (items: TFieldMappingInput[]) =>
    items.map((item) => `${item.objectType}|${item.field}|${item.target.kind === 'custom' ? `c:${item.target.key}` : `s:${item.target.field}`}`).sort();
  const current = normalise(toMappingsBody(draft).mappings);
  // A broken mapping still saved is a change the next save makes: it drops it.
  const before = normalise(
    saved.map((m) => ({ objectType: m.objectType, field: m.field, target: m.target })),
  );
  return current.length !== before.length || current.some((item, i) => item !== before[i]);
}

export type DraftErrors = { byRef: Partial<Record<FieldRef, string>>; bySlot: Partial<Record<string, string>>; general: string | null };

/**
 * The keys the server would refuse, found before sending: the pattern, one key per object, and
 * one type per key when Salesforce's Contact and Lead share it.
 */
export function validateDraft(draft: MappingDraft, catalogue: readonly TCrmField[]): DraftErrors {
  const errors: DraftErrors = { byRef: {}, bySlot: {}, general: null };
  const byRef = new Map(catalogue.map((field) => [toFieldRef(field), field]));
  const owners = new Map<string, FieldRef>();
  const types = new Map<string, { type: TCrmFieldType; objectType: TContactObjectType }>();
  const entries = Object.entries(draft.custom) as Array<[FieldRef, string]>;
  for (const [ref, rawKey] of entries) {
    const key = rawKey.trim();
    const field = byRef.get(ref);
    if (!CUSTOM_FIELD_KEY_PATTERN.test(key)) {
      errors.byRef[ref] = key === '' ? 'Give the field a key' : 'Use lower-case letters, digits and _, starting with a letter (at most 63)';
      continue;
    }
    const objectType = splitRef(ref)[0] as TContactObjectType;
    const owner = owners.get(`${objectType}:${key}`);
    if (owner) {
      errors.byRef[ref] = `Another field already uses the key ${key}`;
      continue;
    }
    owners.set(`${objectType}:${key}`, ref);
    if (!field) continue;
    const other = types.get(key);
    if (other && other.type !== field.type) {
      errors.byRef[ref] = `The ${other.objectType} field with this key is a ${other.type}; a key holds one type`;
      continue;
    }
    types.set(key, { type: field.type, objectType });
  }
  const perObject = new Map<string, number>();
  for (const [ref] of entries) perObject.set(splitRef(ref)[0], (perObject.get(splitRef(ref)[0]) ?? 0) + 1);
  if ([...perObject.values()].some((count) => count > CUSTOM_FIELDS_MAX)) {
    errors.general = `At most ${CUSTOM_FIELDS_MAX} custom fields can be synced from one CRM.`;
  }
  return errors;
}

export const hasDraftErrors = (errors: DraftErrors) => errors.general !== null || [...Object.values(errors.byRef), ...Object.values(errors.bySlot)].some(Boolean);

/**
 * The server's 400 (`{ field: 'mappings.3.target.key', message }`) placed on the rows of the
 * body that was sent; what names no row stays general.
 */
export function placeServerIssues(issues: ReadonlyArray<{ field: string; message: string }>, rows: readonly DraftRow[]): DraftErrors {
  const errors: DraftErrors = { byRef: {}, bySlot: {}, general: null };
  const general: string[] = [];
  for (const issue of issues) {
    const index = /^mappings\.(\d+)(\.|$)/.exec(issue.field)?.[1];
    const row = index === undefined ? undefined : rows[Number(index)];
    if (row?.kind === 'custom') errors.byRef[row.ref] ??= issue.message;
    else if (row?.kind === 'standard') errors.bySlot[row.slot] ??= issue.message;
    else general.push(issue.message);
  }
  errors.general = general.length > 0 ? general.join(' ') : null;
  return errors;
}

/** The standard fields in the contract's order, with their labels. */
export const STANDARD_FIELD_ROWS = STANDARD_CONTACT_FIELD_NAMES.map((name) => ({ name, ...STANDARD_CONTACT_FIELDS[name] }));
