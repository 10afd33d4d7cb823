import { z } from 'zod';
import { pageCursor, pageLimit, pageOf } from './paging';

/** Contacts one lease request may take, and how long a lease may last before it is extended. */
export const LEASES_PER_REQUEST_MAX = 100;
export const LEASE_SECONDS_MIN = 30;
export const LEASE_SECONDS_MAX = 3600;

/** POST /api/v1/campaigns/:id/leases */
export const ZLeaseRequest = z.strictObject({
  limit: z.number().int().min(1).max(LEASES_PER_REQUEST_MAX).default(10),
  leaseSeconds: z.number().int().min(LEASE_SECONDS_MIN).max(LEASE_SECONDS_MAX).default(300),
  /** Who holds the leases (a calling-service worker's name), kept for people looking at the queue. */
  holder: z.string().trim().min(1).max(200).optional(),
});
export type TLeaseRequest = z.output<typeof ZLeaseRequest>;

/** A contact handed to one caller until `expiresAt`: post its result, or extend, before then. */
export const ZLease = z.object({
  leaseId: z.uuid(),
  campaignContactId: z.uuid(),
  phone: z.string(),
  /** The IANA zone its window was checked in (the campaign's fallback when the contact's is unknown). */
  timeZone: z.string(),
  /** The contact's wall-clock time now, with its offset ("2026-03-09T09:00:00-04:00"). */
  localTime: z.string(),
  expiresAt: z.iso.datetime(),
  greeting: z.string(),
  instructions: z.string(),
});
export type TLease = z.infer<typeof ZLease>;

export const ZLeaseResponse = z.object({ leases: z.array(ZLease) });
export type TLeaseResponse = z.infer<typeof ZLeaseResponse>;

export const ZLeaseParams = z.strictObject({ id: z.uuid(), leaseId: z.uuid() });

/** POST /api/v1/campaigns/:id/leases/:leaseId/extend: a new expiry, `leaseSeconds` from now. */
export const ZExtendLeaseBody = z.strictObject({
  leaseSeconds: z.number().int().min(LEASE_SECONDS_MIN).max(LEASE_SECONDS_MAX).default(300),
});
export const ZExtendLeaseResponse = z.object({ leaseId: z.uuid(), campaignContactId: z.uuid(), expiresAt: z.iso.datetime() });
export type TExtendLeaseResponse = z.infer<typeof ZExtendLeaseResponse>;

/**
 * GET /api/v1/campaigns/:id/queue: where each contact of the campaign stands now. Each contact is
 * counted once, in the first of: done, suppressed, doNotCall, unknownTimeZone, leased,
 * waitingToRetry, waitingForWindow, callableNow.
 */
export const ZCampaignQueue = z.object({
  campaignId: z.uuid(),
  status: z.string(),
  total: z.number().int().nonnegative(),
  /** Final outcome reached, or attempts spent. */
  done: z.number().int().nonnegative(),
  /** On the user's suppression list. */
  suppressed: z.number().int().nonnegative(),
  /** Do-not-call set, or consent refused, in the CRM. */
  doNotCall: z.number().int().nonnegative(),
  /** No zone from the CRM or the number, and the campaign skips those. */
  unknownTimeZone: z.number().int().nonnegative(),
  leased: z.number().int().nonnegative(),
  waitingToRetry: z.number().int().nonnegative(),
  waitingForWindow: z.number().int().nonnegative(),
  /** The earliest moment one of those waiting for their window may be called; null when none will. */
  nextWindowOpensAt: z.iso.datetime().nullable(),
  callableNow: z.number().int().nonnegative(),
});
export type TCampaignQueue = z.infer<typeof ZCampaignQueue>;

export const SUPPRESSION_SOURCES = ['contact', 'call_result', 'api', 'csv'] as const;
export const ZSuppressionSource = z.enum(SUPPRESSION_SOURCES);

/** POST /api/v1/suppressions: a number in any form the contacts take ("+1 212 555 0134", "(212) 555-0134"). */
export const ZCreateSuppressionBody = z.strictObject({
  phone: z.string().trim().min(3).max(40),
  reason: z.string().trim().max(500).optional(),
  /** The contact the number was taken from (a contact row's "Suppress number"): recorded as source `contact`. */
  contactId: z.uuid().optional(),
});
export type TCreateSuppressionInput = z.output<typeof ZCreateSuppressionBody>;

/**
 * Where the number's write-back to the CRMs' do-not-call field stands (the user's setting
 * `suppressionWriteBack`): `off` the setting was off when it was added; `nothing_to_update` no
 * contact of a connected CRM with a writable do-not-call field has the number (or all are marked
 * already); `queued` records are still to be written; `done` every record was written; `failed`
 * at least one record was not (cancelled, refused by the CRM, or its connection was unusable).
 */
export const CRM_WRITE_BACK_STATUSES = ['off', 'nothing_to_update', 'queued', 'done', 'failed'] as const;
export const ZCrmWriteBackStatus = z.enum(CRM_WRITE_BACK_STATUSES);
export type TCrmWriteBackStatus = z.infer<typeof ZCrmWriteBackStatus>;

export const ZSuppressionCrmWriteBack = z.object({
  status: ZCrmWriteBackStatus,
  /** The bulk update jobs that write it (GET /api/v1/bulk-updates/:id has a result per record). */
  jobIds: z.array(z.uuid()),
  /** CRM records (contacts and leads) the write-back sets, and how many of them failed. */
  records: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** The first failed record's reason; null while none failed. */
  error: z.string().nullable(),
});
export type TSuppressionCrmWriteBack = z.infer<typeof ZSuppressionCrmWriteBack>;

export const ZSuppression = z.object({
  id: z.uuid(),
  phoneE164: z.string(),
  reason: z.string().nullable(),
  source: ZSuppressionSource,
  createdAt: z.iso.datetime(),
  crmWriteBack: ZSuppressionCrmWriteBack,
});
export type TSuppression = z.infer<typeof ZSuppression>;

export const SUPPRESSIONS_PAGE_DEFAULT = 50;
export const SUPPRESSIONS_PAGE_MAX = 200;

/** GET /api/v1/suppressions: newest first. */
export const ZSuppressionListQuery = z.strictObject({
  limit: pageLimit(SUPPRESSIONS_PAGE_MAX, SUPPRESSIONS_PAGE_DEFAULT),
  cursor: pageCursor(512),
});
export type TSuppressionListQuery = z.output<typeof ZSuppressionListQuery>;

export const ZSuppressionListResponse = pageOf(ZSuppression);
export type TSuppressionListResponse = z.infer<typeof ZSuppressionListResponse>;

export const ZSuppressionParams = z.strictObject({ id: z.uuid() });

/** POST /api/v1/suppressions/import: the most data rows and bytes one CSV may hold. */
export const SUPPRESSION_IMPORT_ROWS_MAX = 100_000;
export const SUPPRESSION_IMPORT_BYTES_MAX = 10 * 1024 * 1024;
/** Rows named in `invalid`; `invalidCount` counts them all. */
export const SUPPRESSION_IMPORT_INVALID_LISTED_MAX = 1000;

export const ZSuppressionImportUpload = z.object({
  file: z.string().meta({ format: 'binary', description: 'The CSV: one number per row, or a header with a `phone` column (UTF-8; comma, semicolon or tab)' }),
});

export const ZSuppressionImportResult = z.object({
  /** Numbers newly on the list. */
  added: z.number().int().nonnegative(),
  /** Numbers the list already held (or that the file repeats). */
  alreadyPresent: z.number().int().nonnegative(),
  /** Rows whose cell is not a phone number, the first SUPPRESSION_IMPORT_INVALID_LISTED_MAX: `row` is the record's number in the file (a header is 1). */
  invalid: z.array(z.object({ row: z.number().int().positive(), value: z.string() })),
  invalidCount: z.number().int().nonnegative(),
});
export type TSuppressionImportResult = z.infer<typeof ZSuppressionImportResult>;
