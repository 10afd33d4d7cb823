import { z } from 'zod';
import { ZBulkJobKind, ZBulkJobStatus } from './bulk-jobs';
import { ZPlatform } from './platforms';
import { ZSyncKind, ZSyncRunStatus } from './sync';

/**
 * What GET /api/v1/events streams: one Server-Sent Event per change a user's screens show. The
 * SSE `id:` is the event's id (send it back as Last-Event-ID to resume), `event:` its kind and
 * `data:` the JSON below for that kind. Ids, counts and statuses only: a screen reads anything
 * else through the API, as the user.
 */

/** The most contact ids one event names; a larger change carries only its count. */
export const LIVE_EVENT_MAX_CONTACT_IDS = 500;

const count = z.number().int().nonnegative();

/** Contacts of one platform written by one statement (a sync page, a deletion sweep, a webhook batch). */
export const ZContactsChangedEvent = z.object({
  platform: ZPlatform,
  count,
  /** The changed contacts (ids of GET /crm/contacts/:id); null when more than LIVE_EVENT_MAX_CONTACT_IDS changed. */
  contactIds: z.array(z.uuid()).max(LIVE_EVENT_MAX_CONTACT_IDS).nullable(),
});
export type TContactsChangedEvent = z.infer<typeof ZContactsChangedEvent>;

/** A sync run's state now: the fields of GET /sync-runs/:id that move while it runs. */
export const ZSyncRunEvent = z.object({
  runId: z.uuid(),
  platform: ZPlatform,
  kind: ZSyncKind,
  status: ZSyncRunStatus,
  counts: z.object({ fetched: count, created: count, updated: count, unchanged: count, deleted: count, failed: count }),
  pagesDone: count,
  estimatedTotal: count.nullable(),
  percent: z.number().int().min(0).max(100).nullable(),
});
export type TSyncRunEvent = z.infer<typeof ZSyncRunEvent>;

/** A bulk job's status and counts (GET /bulk/updates/:id or /bulk/deletes/:id has its rows). */
export const ZBulkJobEvent = z.object({
  jobId: z.uuid(),
  kind: ZBulkJobKind,
  status: ZBulkJobStatus,
  counts: z.object({ total: count, succeeded: count, failed: count, skipped: count }),
  isFinished: z.boolean(),
});
export type TBulkJobEvent = z.infer<typeof ZBulkJobEvent>;

/** Calls reported for a campaign, or their write-back to the CRM settled (GET /campaigns/:id/stats has the counts). */
export const ZCampaignResultsEvent = z.object({
  campaignId: z.uuid(),
  changedResults: count,
});
export type TCampaignResultsEvent = z.infer<typeof ZCampaignResultsEvent>;

/** Each kind's `data:` schema, by the SSE `event:` name. */
export const LIVE_EVENT_SCHEMAS = {
  contacts_changed: ZContactsChangedEvent,
  sync_run: ZSyncRunEvent,
  bulk_job: ZBulkJobEvent,
  campaign_results: ZCampaignResultsEvent,
} as const;
export type TLiveEventKind = keyof typeof LIVE_EVENT_SCHEMAS;
export const LIVE_EVENT_KINDS = Object.keys(LIVE_EVENT_SCHEMAS) as [TLiveEventKind, ...TLiveEventKind[]];

/** One event as the stream sends it: id, kind and the kind's data. */
export const ZLiveEvent = z.discriminatedUnion('kind', [
  z.object({ id: z.string(), kind: z.literal('contacts_changed'), data: ZContactsChangedEvent }),
  z.object({ id: z.string(), kind: z.literal('sync_run'), data: ZSyncRunEvent }),
  z.object({ id: z.string(), kind: z.literal('bulk_job'), data: ZBulkJobEvent }),
  z.object({ id: z.string(), kind: z.literal('campaign_results'), data: ZCampaignResultsEvent }),
]);
export type TLiveEvent = z.infer<typeof ZLiveEvent>;

/** Reads one received SSE message (its id, event name and data text) as a live event; undefined if it is none. */
export function parseLiveEvent(message: { id: string; event: string; data: string }): TLiveEvent | undefined {
  let data: unknown;
  try {
    data = JSON.parse(message.data);
  } catch {
    return undefined;
  }
  const parsed = ZLiveEvent.safeParse({ id: message.id, kind: message.event, data });
  return parsed.success ? parsed.data : undefined;
}

/** GET /events: a ticket (EventSource cannot send an Authorization header) or the header; Last-Event-ID's value may also come as a query parameter. */
export const ZLiveEventsQuery = z.strictObject({
  ticket: z.string().min(1).max(2048).optional(),
  /** For clients that cannot set Last-Event-ID: the last id they received. */
  lastEventId: z.string().regex(/^\d{1,18}$/, 'a live event id').optional(),
});

export const ZLiveEventsHeaders = z.object({
  'Last-Event-ID': z.string().regex(/^\d{1,18}$/, 'a live event id').optional(),
});

/** POST /events/tickets: a short-lived credential for one EventSource connection, bound to the user. */
export const ZEventTicket = z.object({
  ticket: z.string(),
  expiresAt: z.iso.datetime(),
});
export type TEventTicket = z.infer<typeof ZEventTicket>;
