import { z } from 'zod';
import { ZContactSelection } from './contacts';
import { CUSTOM_FIELD_TEXT_MAX } from './custom-fields';
import { pageCursor, pageLimit, pageOf } from './paging';
import { PLATFORMS, ZContactObjectType, ZPlatform } from './platforms';

export const BULK_JOB_KINDS = ['crm_update', 'crm_archive', 'import'] as const;
export const ZBulkJobKind = z.enum(BULK_JOB_KINDS);
export type TBulkJobKind = z.infer<typeof ZBulkJobKind>;

export const BULK_JOB_STATUSES = ['queued', 'running', 'succeeded', 'partially_failed', 'failed', 'cancelled'] as const;
export const ZBulkJobStatus = z.enum(BULK_JOB_STATUSES);
export type TBulkJobStatus = z.infer<typeof ZBulkJobStatus>;

/** A row of a job: pending until its batch is answered; skipped when the job was cancelled first. */
export const BULK_ITEM_STATUSES = ['pending', 'succeeded', 'failed', 'skipped'] as const;
export const ZBulkItemStatus = z.enum(BULK_ITEM_STATUSES);
export type TBulkItemStatus = z.infer<typeof ZBulkItemStatus>;

/** Choices one multi-select value may hold. */
export const BULK_UPDATE_CHOICES_MAX = 100;

/**
 * The value a bulk update writes: text (also a date as `YYYY-MM-DD`, a date-time as ISO 8601, an
 * enumeration's value), a number, a boolean, a multi-select's values, or null to clear the field.
 * It must fit the field's type and options in the CRM's catalogue.
 */
export const ZBulkFieldValue = z.union([
  z.string().max(CUSTOM_FIELD_TEXT_MAX),
  z.number().finite(),
  z.boolean(),
  z.array(z.string().min(1).max(255)).max(BULK_UPDATE_CHOICES_MAX),
  z.null(),
]);
export type TBulkFieldValue = z.infer<typeof ZBulkFieldValue>;

/** One CRM field to set: its API name as the connection's field catalogue lists it, and the value. */
export const ZFieldAssignment = z.strictObject({ field: z.string().min(1).max(255), value: ZBulkFieldValue });
export type TFieldAssignment = z.infer<typeof ZFieldAssignment>;

/** Per object of one CRM: `contact`, and `lead` where the CRM has leads (Salesforce). */
export const ZObjectAssignments = z.strictObject({ contact: ZFieldAssignment.optional(), lead: ZFieldAssignment.optional() });

/**
 * What a bulk update sets, per CRM and object: `{ hubspot: { contact: { field: 'hs_lead_status', value: 'CONNECTED' } } }`.
 * A selected contact whose CRM and object have no assignment is left alone.
 */
export const ZBulkUpdateSet = z
  .strictObject(Object.fromEntries(PLATFORMS.map((platform) => [platform, ZObjectAssignments.optional()])) as Record<(typeof PLATFORMS)[number], z.ZodOptional<typeof ZObjectAssignments>>)
  .refine((set) => Object.values(set).some((objects) => objects && (objects.contact || objects.lead)), 'Name at least one field to set');
export type TBulkUpdateSet = z.input<typeof ZBulkUpdateSet>;

/** POST /api/v1/bulk-updates. `dryRun: true` answers the counts that would be updated, and queues nothing. */
export const ZBulkUpdateBody = z.strictObject({
  selection: ZContactSelection,
  set: ZBulkUpdateSet,
  dryRun: z.boolean().default(false),
});
export type TBulkUpdateBody = z.input<typeof ZBulkUpdateBody>;

/** How many of the selected contacts one CRM object would get (or got) its field set, or archived (`field` null). */
export const ZBulkTargetCount = z.object({ platform: ZPlatform, objectType: ZContactObjectType, field: z.string().nullable(), count: z.number().int().nonnegative() });
export type TBulkTargetCount = z.infer<typeof ZBulkTargetCount>;

/** One job, as its progress and counts stand. */
export const ZBulkJob = z.object({
  id: z.uuid(),
  kind: ZBulkJobKind,
  status: ZBulkJobStatus,
  total: z.number().int().nonnegative(),
  succeeded: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  pending: z.number().int().nonnegative(),
  /** Rows answered (succeeded, failed or skipped) out of total, 0 to 1. */
  progress: z.number().min(0).max(1),
  /** What the job sets (or archives), per CRM object, and how many contacts each takes. */
  targets: z.array(ZBulkTargetCount),
  /** Why the job as a whole failed; rows carry their own reasons. */
  error: z.string().nullable(),
  cancelRequestedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /**
   * The contacts here show the new values once the CRMs have been synced again: when the job ends,
   * an incremental sync of each CRM it touched is queued.
   */
  resync: z.object({ platforms: z.array(ZPlatform), queued: z.boolean(), note: z.string() }),
});
export type TBulkJob = z.infer<typeof ZBulkJob>;

/** One selected contact's row and its verdict; `error` is the CRM's reason when it failed. */
export const ZBulkJobItem = z.object({
  contactId: z.uuid().nullable(),
  platform: ZPlatform,
  objectType: ZContactObjectType,
  externalId: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  status: ZBulkItemStatus,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type TBulkJobItem = z.infer<typeof ZBulkJobItem>;

/** The answer of POST /bulk-updates: the counts of a dry run, or the queued job. */
export const ZBulkUpdateResponse = z.discriminatedUnion('dryRun', [
  z.object({ dryRun: z.literal(true), targets: z.array(ZBulkTargetCount), total: z.number().int().nonnegative() }),
  z.object({ dryRun: z.literal(false), job: ZBulkJob }),
]);
export type TBulkUpdateResponse = z.infer<typeof ZBulkUpdateResponse>;

export const ZBulkJobParams = z.strictObject({ id: z.uuid() });

export const BULK_ITEMS_PAGE_MAX = 500;
/** GET /api/v1/bulk-updates/:id: the rows page by page, failed first, or only those of one status. */
export const ZBulkJobQuery = z.strictObject({
  status: ZBulkItemStatus.optional(),
  limit: pageLimit(BULK_ITEMS_PAGE_MAX, 50),
  cursor: pageCursor(64),
});
export type TBulkJobQuery = z.input<typeof ZBulkJobQuery>;

export const ZBulkJobDetail = z.object({ job: ZBulkJob, items: pageOf(ZBulkJobItem) });
export type TBulkJobDetail = z.infer<typeof ZBulkJobDetail>;

export const ZBulkJobCancelResponse = z.object({ job: ZBulkJob });
export type TBulkJobCancelResponse = z.infer<typeof ZBulkJobCancelResponse>;

/** Contacts one request may take off an agent's list. */
export const AGENT_CONTACTS_REMOVE_MAX = 10_000;

/** POST /api/v1/agents/:id/contacts/remove: the agent's contacts to take off its list, by their id in the list (`TAgentContact.id`). */
export const ZRemoveAgentContactsBody = z.strictObject({ contactIds: z.array(z.uuid()).min(1).max(AGENT_CONTACTS_REMOVE_MAX) });
export type TRemoveAgentContactsBody = z.input<typeof ZRemoveAgentContactsBody>;

/** How many were on the list and are gone, and how many the agent calls now. */
export const ZRemoveAgentContactsResponse = z.object({ removed: z.number().int().nonnegative(), contactCount: z.number().int().nonnegative() });
export type TRemoveAgentContactsResponse = z.infer<typeof ZRemoveAgentContactsResponse>;

/**
 * POST /api/v1/bulk-deletes: archives the selected contacts in their CRMs (HubSpot archives; Zoho
 * and Salesforce move them to the recycle bin). `confirm: true` is required: the request itself is
 * the second confirmation. Contacts of CRMs that are not connected are left alone.
 */
export const ZBulkDeleteBody = z.strictObject({
  selection: ZContactSelection,
  confirm: z.literal(true, { message: 'Archiving in the CRMs must be confirmed: send confirm: true' }),
});
export type TBulkDeleteBody = z.input<typeof ZBulkDeleteBody>;

export const ZBulkDeleteResponse = z.object({ job: ZBulkJob });
export type TBulkDeleteResponse = z.infer<typeof ZBulkDeleteResponse>;
