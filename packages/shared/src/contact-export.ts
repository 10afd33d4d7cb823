import { z } from 'zod';
import { CUSTOM_FIELD_KEY_PATTERN, STANDARD_CONTACT_FIELDS } from './custom-fields';
import { ZContactListFilter, ZContactListQuery } from './contacts';

/**
 * CSV exports (issue 16): a contact list under any filter with chosen columns, and a campaign's
 * results. The server streams them; these are their columns and their requests.
 */

/** The standard columns a contacts export can have, by id, with the header each gets. */
export const CONTACT_EXPORT_STANDARD_COLUMNS = {
  name: { label: 'Name' },
  firstName: { label: 'First name' },
  lastName: { label: 'Last name' },
  email: { label: 'Email' },
  phone: { label: 'Phone' },
  mobilePhone: { label: 'Mobile' },
  phoneE164: { label: 'Phone (E.164)' },
  mobilePhoneE164: { label: 'Mobile (E.164)' },
  company: { label: 'Company' },
  jobTitle: { label: 'Job title' },
  platform: { label: 'CRM' },
  objectType: { label: 'Record type' },
  lifecycleStage: { label: 'Lifecycle stage' },
  leadStatus: { label: 'Lead status' },
  ownerId: { label: 'Owner id' },
  isCallable: { label: 'Callable' },
  crmCreatedAt: { label: 'Created in the CRM' },
  crmUpdatedAt: { label: 'Updated in the CRM' },
  externalId: { label: 'CRM record id' },
  id: { label: 'Contact id' },
  deletedAt: { label: 'Deleted at' },
  timeZone: { label: STANDARD_CONTACT_FIELDS.timeZone.label },
  preferredLanguage: { label: STANDARD_CONTACT_FIELDS.preferredLanguage.label },
  doNotCall: { label: STANDARD_CONTACT_FIELDS.doNotCall.label },
  callConsent: { label: STANDARD_CONTACT_FIELDS.callConsent.label },
  preferredCallTime: { label: STANDARD_CONTACT_FIELDS.preferredCallTime.label },
  accountOwner: { label: STANDARD_CONTACT_FIELDS.accountOwner.label },
} as const satisfies Record<string, { label: string }>;
export type TContactExportStandardColumn = keyof typeof CONTACT_EXPORT_STANDARD_COLUMNS;

/** The columns of an export that names none. */
export const CONTACT_EXPORT_DEFAULT_COLUMNS: readonly TContactExportStandardColumn[] = [
  'name',
  'email',
  'phone',
  'mobilePhone',
  'company',
  'jobTitle',
  'platform',
  'objectType',
  'lifecycleStage',
  'leadStatus',
  'crmUpdatedAt',
];

/** Every standard column once, and each mapped custom key once, is far below this. */
export const CONTACT_EXPORT_COLUMNS_MAX = 200;
const CUSTOM_PREFIX = 'custom.';

/** A standard column, or `custom.<key>` (whether the key is mapped for the caller is the server's check). */
export function isContactExportColumn(column: string): boolean {
  if (column.startsWith(CUSTOM_PREFIX)) return CUSTOM_FIELD_KEY_PATTERN.test(column.slice(CUSTOM_PREFIX.length));
  return Object.hasOwn(CONTACT_EXPORT_STANDARD_COLUMNS, column);
}

const ZColumnList = z
  .array(z.string().max(100))
  .min(1)
  .max(CONTACT_EXPORT_COLUMNS_MAX)
  .superRefine((columns, ctx) => {
    const unknown = columns.filter((column) => !isContactExportColumn(column));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((column) => JSON.stringify(column)).join(', ')}: standard columns are ${Object.keys(CONTACT_EXPORT_STANDARD_COLUMNS).join(', ')}; custom fields are custom.<key>`,
      });
    }
  })
  // A column named twice is exported once, where it was first named.
  .transform((columns) => [...new Set(columns)]);

/** `columns=name,email,custom.plan` (or the parameter repeated); the default set when absent. */
const ZColumnParam = z.preprocess(
  (value) => (typeof value === 'string' || Array.isArray(value) ? [value].flat().flatMap((v) => (typeof v === 'string' ? v.split(',').map((c) => c.trim()) : [v])) : value),
  ZColumnList,
);

/**
 * GET /api/v1/crm/contacts/export: GET /crm/contacts's filters (platform, q, callable, objectType,
 * where, includeDeleted) and `columns`, a comma list of column ids in the order wanted. Strict.
 */
export const ZContactExportQuery = ZContactListQuery.pick({ platform: true, q: true, callable: true, objectType: true, where: true, includeDeleted: true }).extend({
  columns: ZColumnParam.optional(),
});
export type TContactExportQuery = z.input<typeof ZContactExportQuery>;

/**
 * POST /api/v1/crm/contacts/export: the same as JSON, for a filter tree too large for a URL: the
 * filters as ZContactListFilter (`where` a tree), `includeDeleted`, and `columns` as a list.
 */
export const ZContactExportBody = ZContactListFilter.extend({
  includeDeleted: z.boolean().default(false),
  columns: ZColumnList.optional(),
});
export type TContactExportBody = z.input<typeof ZContactExportBody>;

/** GET /api/v1/segments/:id/export: the segment is the filter; only the columns and `includeDeleted` are chosen. Strict. */
export const ZSegmentExportQuery = ZContactExportQuery.pick({ includeDeleted: true, columns: true });
export type TSegmentExportQuery = z.output<typeof ZSegmentExportQuery>;

/** The columns of a campaign results export, in order, with their headers. */
export const CAMPAIGN_RESULTS_EXPORT_COLUMNS = [
  { id: 'name', label: 'Name' },
  { id: 'platform', label: 'CRM' },
  { id: 'externalId', label: 'CRM record id' },
  { id: 'phone', label: 'Phone' },
  { id: 'email', label: 'Email' },
  { id: 'company', label: 'Company' },
  { id: 'callStatus', label: 'Call status' },
  { id: 'outcome', label: 'Outcome' },
  { id: 'calledAt', label: 'Called at' },
  { id: 'durationSec', label: 'Duration (s)' },
  { id: 'summary', label: 'Summary' },
  { id: 'writeBackStatus', label: 'Write-back' },
  { id: 'writeBackAttempts', label: 'Write-back attempts' },
  { id: 'writeBackAttemptedAt', label: 'Last write-back attempt' },
  { id: 'writtenBackAt', label: 'Written back at' },
  { id: 'crmCallId', label: 'CRM call id' },
  { id: 'writeBackError', label: 'Write-back error' },
] as const;

/** Formula injection: a cell starting with one of these is written with a `'` in front. */
export const CSV_FORMULA_PREFIXES = ['=', '+', '-', '@', '\t', '\r'] as const;
