import { z } from 'zod';

/**
 * Where a Zoho sync run stands, as self-contained JSON. Times are Zoho's own strings (ISO 8601
 * with the org's offset, whole seconds), sent back as If-Modified-Since exactly as Zoho wrote them.
 */
const ZEstimate = z.number().int().nonnegative().nullable();

/**
 * One chain of Get Records pages: If-Modified-Since for the chain (null: from the start), the
 * page token to continue with (null: the chain's first page) and how many records the chain has
 * served, because Zoho ends a chain of page tokens at 100,000 records.
 */
export const ZRecordChain = z.object({
  since: z.string().min(1).nullable(),
  pageToken: z.string().min(1).nullable(),
  served: z.number().int().nonnegative(),
});
export type TRecordChain = z.infer<typeof ZRecordChain>;

const ZBase = {
  v: z.literal(1),
  platform: z.literal('zoho'),
  /** The run's lower bound (incremental); null for a full run. */
  runSince: z.string().min(1).nullable(),
  estimatedTotal: ZEstimate,
};

/** Records in Modified_Time order; `lastModified` is the newest Modified_Time delivered so far, where a new chain restarts. */
export const ZZohoRecordsCursor = z.object({
  ...ZBase,
  kind: z.enum(['full', 'incremental']),
  phase: z.literal('records'),
  chain: ZRecordChain,
  lastModified: z.string().min(1).nullable(),
});

/** Incremental only: the deleted records since `runSince`, newest first, by page number. */
export const ZZohoDeletedCursor = z.object({ ...ZBase, kind: z.literal('incremental'), phase: z.literal('deleted'), page: z.number().int().positive() });

export const ZZohoCursor = z.discriminatedUnion('phase', [ZZohoRecordsCursor, ZZohoDeletedCursor]);

export type TZohoRecordsCursor = z.infer<typeof ZZohoRecordsCursor>;
export type TZohoDeletedCursor = z.infer<typeof ZZohoDeletedCursor>;
export type TZohoCursor = z.infer<typeof ZZohoCursor>;
