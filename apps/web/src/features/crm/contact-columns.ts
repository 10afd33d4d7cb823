import { STANDARD_CONTACT_FIELD_NAMES, STANDARD_CONTACT_FIELDS, type TContact, type TFieldMapping, type TFieldMappingsResponse, type TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';
import { formatFieldValue, shortenForCell, type FieldFormat, type FormatOptions } from './field-values';

/**
 * A column the contacts list can show beside the name. `details` and `reach` are the list's own
 * layout (title and company under the name; email and phone); the others are one value each.
 */
export type ContactColumn = {
  id: string;
  label: string;
  group: 'standard' | 'custom';
  /** Where a custom field comes from, when the chooser needs to say ("HubSpot", "HubSpot, Zoho CRM"). */
  description?: string;
  /** The cell's text; null when the contact has no value. */
  read?: (contact: TContact, options?: FormatOptions) => string | null;
};

export const LAYOUT_COLUMN_IDS = ['details', 'reach'] as const;
export const DEFAULT_COLUMN_IDS: readonly string[] = LAYOUT_COLUMN_IDS;

const text = (value: string | null) => (value ? shortenForCell(value) : null);
const yesNo = (value: boolean | null) => (value === null ? null : value ? 'Yes' : 'No');

/** The columns every contact has, whatever is mapped. */
export const STANDARD_COLUMNS: readonly ContactColumn[] = [
  { id: 'details', label: 'Job title & company', group: 'standard' },
  { id: 'reach', label: 'Email & phone', group: 'standard' },
  { id: 'lifecycleStage', label: 'Lifecycle stage', group: 'standard', read: (c) => text(c.lifecycleStage) },
  { id: 'leadStatus', label: 'Lead status', group: 'standard', read: (c) => text(c.leadStatus) },
  {
    id: 'crmUpdatedAt',
    label: 'Updated in CRM',
    group: 'standard',
    read: (c, options) => (c.crmUpdatedAt ? formatFieldValue(c.crmUpdatedAt, { type: 'datetime', options: [] }, options) : null),
  },
  ...STANDARD_CONTACT_FIELD_NAMES.map(
    (name): ContactColumn => ({
      id: `standard:${name}`,
      label: STANDARD_CONTACT_FIELDS[name].label,
      group: 'standard',
      read: (c) => {
        const value = c.standardFields[name];
        return typeof value === 'boolean' || value === null ? yesNo(value) : text(value);
      },
    }),
  ),
];

/**
 * A column per mapped custom key across the connected CRMs. Two CRMs may map the same key; each
 * contact's value is formatted with its own CRM's field (type, options).
 */
export function buildCustomColumns(responses: readonly TFieldMappingsResponse[]): ContactColumn[] {
  const byKey = new Map<string, { label: string; platforms: Set<TPlatform>; formats: Map<string, FieldFormat> }>();
  for (const response of responses) {
    for (const mapping of response.mappings) {
      if (mapping.target.kind !== 'custom') continue;
      const entry = byKey.get(mapping.target.key) ?? { label: mapping.label, platforms: new Set(), formats: new Map() };
      entry.platforms.add(response.platform);
      entry.formats.set(formatSlot(response.platform, mapping.objectType), { type: mapping.type, options: mapping.options });
      entry.formats.set(response.platform, entry.formats.get(response.platform) ?? { type: mapping.type, options: mapping.options });
      byKey.set(mapping.target.key, entry);
    }
  }
  return [...byKey.entries()]
    .sort(([, a], [, b]) => a.label.localeCompare(b.label, 'en', { sensitivity: 'base' }))
    .map(([key, entry]) => ({
      id: `custom:${key}`,
      label: entry.label || key,
      group: 'custom' as const,
      description: [...entry.platforms].map((platform) => PLATFORM_LABELS[platform]).join(', '),
      read: (contact: TContact, options?: FormatOptions) => {
        const value = contact.customFields[key];
        if (value === undefined) return null;
        const format = entry.formats.get(formatSlot(contact.platform, contact.objectType)) ?? entry.formats.get(contact.platform);
        return shortenForCell(formatFieldValue(value, format, options));
      },
    }));
}

const formatSlot = (platform: TPlatform, objectType: string) => `${platform}:${objectType}`;

/** The mapping of a custom key on a contact's own CRM and object: its label and format for the drawer. */
export function findCustomMapping(mappings: readonly TFieldMapping[], key: string, objectType: string): TFieldMapping | undefined {
  const forKey = mappings.filter((m) => m.target.kind === 'custom' && m.target.key === key);
  return forKey.find((m) => m.objectType === objectType) ?? forKey[0];
}

export const COLUMNS_STORAGE_KEY = 'voiceagent.contacts.columns';

/** This browser's localStorage; undefined where reading it is refused (some private modes, sandboxed frames). */
export function getBrowserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** The columns chosen in this browser; the default when nothing (or nothing readable) is stored. */
export function readColumnChoice(storage: Pick<Storage, 'getItem'> | undefined): string[] {
  try {
    const stored: unknown = JSON.parse(storage?.getItem(COLUMNS_STORAGE_KEY) ?? 'null');
    if (Array.isArray(stored) && stored.every((id) => typeof id === 'string')) return stored;
  } catch {
    // A hand-edited or foreign value: the default serves better than an error.
  }
  return [...DEFAULT_COLUMN_IDS];
}

export function writeColumnChoice(storage: Pick<Storage, 'setItem'> | undefined, ids: readonly string[]): void {
  try {
    storage?.setItem(COLUMNS_STORAGE_KEY, JSON.stringify(ids));
  } catch {
    // Storage full or denied (private mode): the choice lasts for this visit.
  }
}

/**
 * The value columns to show, in the chooser's order. A custom column chosen earlier whose
 * mapping is gone is not shown, but stays chosen: it comes back if the field is mapped again.
 */
export function resolveValueColumns(chosen: readonly string[], available: readonly ContactColumn[]): ContactColumn[] {
  const set = new Set(chosen);
  return available.filter((column) => set.has(column.id) && column.read !== undefined);
}
