import { z } from 'zod';

/**
 * Where a Salesforce sync run stands, as small self-contained JSON. A full run reads Contact, then
 * Lead (unconverted), by REST or by Bulk API 2.0; an incremental run reads the changes of each,
 * then the deletions of each, keyset-paged by (SystemModstamp, Id).
 */
const ZObject = z.enum(['Contact', 'Lead']);
const ZId = z.string().regex(/^[a-zA-Z0-9]{15,18}$/);
const ZBase = { v: z.literal(1), platform: z.literal('salesforce'), object: ZObject, estimatedTotal: z.number().int().nonnegative().nullable() };

/** REST: the query's nextRecordsUrl, and the last Id delivered, to restart exactly (`Id > last`) when the locator expires. */
export const ZRestCursor = z.object({ ...ZBase, kind: z.literal('full'), mode: z.literal('rest'), nextRecordsUrl: z.string().min(1).nullable(), lastId: ZId.nullable() });

/** Bulk: the object's query job (null: not created yet), its results locator (null: no page fetched yet) and the pages spent waiting for it. */
export const ZBulkCursor = z.object({
  ...ZBase,
  kind: z.literal('full'),
  mode: z.literal('bulk'),
  jobId: z.string().min(1).nullable(),
  locator: z.string().min(1).nullable(),
  waits: z.number().int().nonnegative(),
});

/**
 * Incremental: changes or deletions at or after `since`, after `after` (the last record
 * delivered). The deletions reads start at `deletionsSince` (absent in cursors saved before it: `since`).
 */
export const ZKeysetCursor = z.object({
  ...ZBase,
  kind: z.literal('incremental'),
  read: z.enum(['changes', 'deleted']),
  since: z.string().min(1),
  deletionsSince: z.string().min(1).optional(),
  after: z.object({ stamp: z.string().min(1), id: ZId }).nullable(),
});

export const ZSalesforceCursor = z.union([ZRestCursor, ZBulkCursor, ZKeysetCursor]);

export type TRestCursor = z.infer<typeof ZRestCursor>;
export type TBulkCursor = z.infer<typeof ZBulkCursor>;
export type TKeysetCursor = z.infer<typeof ZKeysetCursor>;
export type TSalesforceCursor = z.infer<typeof ZSalesforceCursor>;

export function firstFullCursor(mode: 'rest', estimatedTotal: number | null): TRestCursor;
export function firstFullCursor(mode: 'bulk', estimatedTotal: number | null): TBulkCursor;
export function firstFullCursor(mode: 'rest' | 'bulk', estimatedTotal: number | null): TRestCursor | TBulkCursor;
export function firstFullCursor(mode: 'rest' | 'bulk', estimatedTotal: number | null): TRestCursor | TBulkCursor {
  const base = { v: 1 as const, platform: 'salesforce' as const, kind: 'full' as const, object: 'Contact' as const, estimatedTotal };
  return mode === 'rest' ? { ...base, mode, nextRecordsUrl: null, lastId: null } : { ...base, mode, jobId: null, locator: null, waits: 0 };
}

export function firstIncrementalCursor(since: string, deletionsSince: string = since): TKeysetCursor {
  return { v: 1, platform: 'salesforce', kind: 'incremental', object: 'Contact', estimatedTotal: null, read: 'changes', since, deletionsSince, after: null };
}

/**
 * The cursor of the read after this one's object is finished, or null when the run is done:
 * full Contact → Lead → end; incremental changes of Contact → of Lead → deletions of Contact → of Lead → end.
 */
export function nextRead(cursor: TSalesforceCursor): TSalesforceCursor | null {
  if (cursor.kind === 'full') {
    if (cursor.object === 'Lead') return null;
    return cursor.mode === 'rest' ? { ...cursor, object: 'Lead', nextRecordsUrl: null, lastId: null } : { ...cursor, object: 'Lead', jobId: null, locator: null, waits: 0 };
  }
  if (cursor.object === 'Contact') return { ...cursor, object: 'Lead', after: null };
  return cursor.read === 'changes' ? { ...cursor, read: 'deleted', object: 'Contact', since: cursor.deletionsSince ?? cursor.since, after: null } : null;
}
