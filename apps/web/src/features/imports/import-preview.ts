import { IMPORT_FIELDS, ZNewContact, type TImportField, type TImportMapping, type TImportPreviewRow } from '@voiceagent/shared';

/** How the mapping table names each field. */
export const IMPORT_FIELD_LABELS: Record<TImportField, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  email: 'Email',
  phone: 'Phone',
  mobilePhone: 'Mobile phone',
  company: 'Company',
  jobTitle: 'Job title',
  country: 'Country (ISO code)',
};

export const IMPORT_FIELD_OPTIONS = IMPORT_FIELDS.map((field) => ({ value: field, label: IMPORT_FIELD_LABELS[field] }));

/**
 * A preview row read with the mapping being edited, checked with the shared contact schema (the
 * server checks phone numbers more closely when the import runs), so the table follows each change.
 */
export function previewRow(row: TImportPreviewRow, mapping: TImportMapping): { contact: Record<string, string>; issues: string[] } {
  const contact: Record<string, string> = {};
  mapping.forEach((field, i) => {
    const value = row.cells[i]?.trim() ?? '';
    if (field && value !== '') contact[field] = field === 'country' ? value.toUpperCase() : value;
  });
  const parsed = ZNewContact.safeParse(contact);
  return { contact, issues: parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'row'}: ${issue.message}`) };
}

/** Why the mapping cannot start yet, or null. */
export function checkMappingDraft(mapping: TImportMapping): string | null {
  const fields = mapping.filter((field): field is TImportField => field !== null);
  const twice = fields.find((field, i) => fields.indexOf(field) !== i);
  if (twice) return `${IMPORT_FIELD_LABELS[twice]} is chosen for more than one column.`;
  if (!fields.some((field) => field === 'email' || field === 'phone' || field === 'mobilePhone')) return 'Choose a column for the email or a phone number: every contact needs one.';
  return null;
}
