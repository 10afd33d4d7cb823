import { z } from 'zod';

/**
 * Where a HubSpot sync run stands, as self-contained JSON: the sync engine stores it after every
 * page and a restarted worker resumes from it. Times are epoch milliseconds, ids strings.
 */
const ZEstimate = z.number().int().nonnegative().nullable();

/** Full sync: the contacts list's `after` (null on the first page). */
export const ZHubSpotFullCursor = z.object({
  v: z.literal(1),
  platform: z.literal('hubspot'),
  kind: z.literal('full'),
  after: z.string().min(1).nullable(),
  estimatedTotal: ZEstimate,
});

/**
 * One search query of the changes phase, paged by offset up to HubSpot's 10,000-result cap.
 * `range`: modified at or after (or strictly after) `from`, oldest first — the normal case;
 * `first` is the modification time of the window's first result, once read.
 * `tie`: more than a whole query's worth of contacts share the instant `at`; they are read in id
 * order after `afterId`, a key that is unique, so the cap can be passed within one instant too.
 */
export const ZSearchWindow = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('range'),
    from: z.number().int(),
    inclusive: z.boolean(),
    first: z.number().int().nullable(),
    offset: z.number().int().nonnegative(),
  }),
  z.object({ mode: z.literal('tie'), at: z.number().int(), afterId: z.string().regex(/^\d+$/), offset: z.number().int().nonnegative() }),
]);
export type TSearchWindow = z.infer<typeof ZSearchWindow>;

const ZIncrementalBase = { v: z.literal(1), platform: z.literal('hubspot'), kind: z.literal('incremental'), since: z.number().int(), estimatedTotal: ZEstimate };

/**
 * `deletionsSince`: where the deletions phase starts filtering, or null to end the run after the
 * changes (no scan due). Absent in cursors saved before it existed: `since`, as they did.
 */
export const ZHubSpotChangesCursor = z.object({
  ...ZIncrementalBase,
  phase: z.literal('changes'),
  window: ZSearchWindow,
  deletionsSince: z.number().int().nullable().optional(),
});

/** Deletions: the archived contacts list's `after`, keeping those archived at or after `since` (the run's deletionsSince). */
export const ZHubSpotDeletionsCursor = z.object({ ...ZIncrementalBase, phase: z.literal('deletions'), after: z.string().min(1).nullable() });

export const ZHubSpotIncrementalCursor = z.discriminatedUnion('phase', [ZHubSpotChangesCursor, ZHubSpotDeletionsCursor]);

export type THubSpotFullCursor = z.infer<typeof ZHubSpotFullCursor>;
export type THubSpotChangesCursor = z.infer<typeof ZHubSpotChangesCursor>;
export type THubSpotDeletionsCursor = z.infer<typeof ZHubSpotDeletionsCursor>;
export type THubSpotIncrementalCursor = z.infer<typeof ZHubSpotIncrementalCursor>;
