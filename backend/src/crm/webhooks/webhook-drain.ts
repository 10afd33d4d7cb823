import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TContactObjectType } from '@voiceagent/shared';
import { withService } from '../../db/transactions';
import { AppError } from '../../http/app-error';
import type { CrmContactRecord } from '../crm-service';
import type { CredentialsService } from '../credentials/credentials-service';
import { loadFieldPlan } from '../fields/field-mappings-service';
import type { CrmRegistry } from '../registry';
import { markContactsDeleted, upsertContactPage } from '../sync/contact-page-repository';
import { findConnectionSyncState } from '../sync/connection-sync-repository';
import { mapContacts } from '../sync/map-contact';
import { isTransientDatabaseError } from '../sync/sync-errors';
import { erasePersonalData, mergeContactRows } from './webhook-apply-repository';
import { findConnectionById, recordEventsApplied, type WebhookConnection } from './webhook-connections-repository';
import { claimPendingEvents, markEventsFailed, markEventsProcessed, type StoredWebhookEvent } from './webhook-inbox-repository';

export type WebhookDrainDeps = {
  pool: Pool;
  registry: CrmRegistry;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** SYNC_DEFAULT_PHONE_REGION, as the sync reads numbers. */
  defaultPhoneRegion: string;
  /** Events applied per batch: one batch read per 100 ids, one transaction. */
  batchSize?: number;
  now?: () => number;
};

/** A merge as the drain applies it: the record kept, and those merged into it. */
type Merge = { winner: string; losers: string[] };

/**
 * Attempts after which an event is given up (dropped with a log line): one the CRM keeps refusing
 * must not hold the connection's later events back forever. The scheduled sync brings its change.
 */
const MAX_ATTEMPTS = 20;

/** A provider failure that a later attempt may get past: the job retries with backoff, the events wait. */
const RETRIED_CODES = new Set(['provider_rate_limited', 'provider_unavailable', 'provider_timeout', 'provider_quota_exhausted']);

export type WebhookDrain = ReturnType<typeof createWebhookDrain>;

/**
 * Applies a connection's stored events, oldest first, a batch at a time: the records they name are
 * read again from the CRM in batch (the event says what changed, the CRM says what it is now) and
 * written with the sync's mapping and upsert, so a pushed change and a synced one look the same.
 */
export function createWebhookDrain(deps: WebhookDrainDeps) {
  const { pool, registry, credentials, logger } = deps;
  const batchSize = deps.batchSize ?? 100;
  const now = deps.now ?? Date.now;

  async function fetchRecords(connection: WebhookConnection, ids: Map<TContactObjectType, Set<string>>, fields: { contact: readonly string[]; lead: readonly string[] }) {
    const service = registry.get(connection.platform);
    const session = await credentials.getSession(connection.user_id, connection.platform);
    const records: CrmContactRecord[] = [];
    for (const [objectType, set] of ids) {
      if (set.size > 0) records.push(...(await service.fetchContactsByIds(session, objectType, [...set], fields[objectType])));
    }
    return records;
  }

  /** 'kept': the connection needs reconnecting, and the events wait for it. */
  async function applyBatch(connection: WebhookConnection, events: StoredWebhookEvent[]): Promise<'applied' | 'kept'> {
    const scope = { userId: connection.user_id, platform: connection.platform };
    const eventIds = events.map((event) => event.id);
    const erased = new Set(events.filter((event) => event.kind === 'privacy_deleted').map((event) => event.objectId));
    const merges = events.filter((event) => event.kind === 'merged').map(readMerge);
    const mergedAway = new Set(merges.flatMap((merge) => merge.losers));
    // Every other event asks the same question — what is this record now? — so ordering and duplicates cannot matter.
    const wanted = new Map<TContactObjectType, Set<string>>();
    for (const event of events) {
      const id = event.kind === 'merged' ? readMerge(event).winner : event.objectId;
      if (event.kind === 'privacy_deleted' || erased.has(id) || (mergedAway.has(id) && event.kind !== 'merged')) continue;
      const set = wanted.get(event.objectType) ?? new Set<string>();
      set.add(id);
      wanted.set(event.objectType, set);
    }

    const [plan, state] = await Promise.all([
      loadFieldPlan(pool, scope.userId, scope.platform),
      withService(pool, (db) => findConnectionSyncState(db, scope.userId, scope.platform)),
    ]);
    let records: CrmContactRecord[];
    try {
      records = await fetchRecords(connection, wanted, plan.fields);
    } catch (error) {
      if (error instanceof AppError && error.code === 'crm_auth_revoked') {
        // The credentials layer marked the connection needs_reauth, as it does for sync. The events
        // stay pending, their attempts uncounted: the reconnect wakes this drain and they are applied then.
        logger.warn({ connectionId: connection.id, platform: connection.platform, events: events.length }, 'webhook events kept until the connection is reconnected');
        return 'kept';
      }
      if (error instanceof AppError && error.code === 'crm_not_configured') {
        await withService(pool, (db) => markEventsProcessed(db, eventIds));
        logger.warn({ connectionId: connection.id, platform: connection.platform, code: error.code, events: events.length }, 'webhook events dropped: the connection cannot be read');
        return 'applied';
      }
      const message = error instanceof AppError ? `${error.code}: ${error.message}` : 'unexpected error';
      await withService(pool, (db) => markEventsFailed(db, eventIds, message));
      if (!(error instanceof AppError) || !RETRIED_CODES.has(error.code)) logger.error({ err: error, connectionId: connection.id }, 'webhook drain failed');
      throw error;
    }

    const found = new Set(records.map((record) => record.externalId));
    const gone = [...wanted.values()].flatMap((set) => [...set].filter((id) => !found.has(id)));
    // A merge whose winner is gone too leaves nothing to move history to: its losers are gone like it.
    for (const merge of merges) if (!found.has(merge.winner)) gone.push(...merge.losers);
    const regions = [state?.default_phone_region ?? null, deps.defaultPhoneRegion];
    const mapped = mapContacts(records, regions, plan);
    const oldestReceived = Math.min(...events.map((event) => event.receivedAt.getTime()));
    const write = withService(pool, async (db) => {
      await upsertContactPage(db, scope.userId, scope.platform, mapped.rows, { isKeepingNewer: true });
      // Asked for and not returned: the CRM no longer has it (deleted, or merged away) — as sync marks deletions.
      await markContactsDeleted(db, scope.userId, scope.platform, gone.map((externalId) => ({ externalId, deletedAt: null })));
      for (const merge of merges) if (found.has(merge.winner)) await mergeContactRows(db, scope, merge.winner, merge.losers);
      await erasePersonalData(db, scope, [...erased]);
      await markEventsProcessed(db, eventIds);
      await recordEventsApplied(db, connection.id, now() - oldestReceived);
    });
    await write.catch(async (error: unknown) => {
      // An unreachable database is retried as it is; anything else counts against the events, so
      // that a batch which can never be written is given up in the end instead of blocking the rest.
      if (!isTransientDatabaseError(error)) {
        logger.error({ err: error, connectionId: connection.id }, 'webhook events could not be written');
        await withService(pool, (db) => markEventsFailed(db, eventIds, 'internal_error: the events could not be written'));
      }
      throw error;
    });
    return 'applied';
  }

  return {
    /** Applies every pending event of the connection; throws (for the job to retry) when the CRM cannot be read now. */
    async drainConnection(connectionId: string): Promise<number> {
      let applied = 0;
      for (;;) {
        const events = await withService(pool, (db) => claimPendingEvents(db, connectionId, batchSize));
        if (events.length === 0) return applied;
        const connection = await withService(pool, (db) => findConnectionById(db, connectionId));
        if (!connection) return applied;
        const exhausted = events.filter((event) => event.attempts >= MAX_ATTEMPTS);
        if (exhausted.length > 0) {
          await withService(pool, (db) => markEventsProcessed(db, exhausted.map((event) => event.id)));
          logger.warn({ connectionId, events: exhausted.length, attempts: MAX_ATTEMPTS }, 'webhook events given up after repeated failures; the scheduled sync brings their changes');
        }
        const live = events.filter((event) => event.attempts < MAX_ATTEMPTS);
        if (live.length === 0) {
          applied += events.length;
          continue;
        }
        // A connection waiting to be reconnected keeps its events: the reconnect wakes this drain again.
        if (connection.status === 'needs_reauth') return applied;
        if (connection.status !== 'connected') {
          await withService(pool, (db) => markEventsProcessed(db, live.map((event) => event.id)));
          logger.info({ connectionId, status: connection.status, events: live.length }, 'webhook events dropped: the connection is not connected');
        } else if ((await applyBatch(connection, live)) === 'kept') {
          return applied;
        }
        applied += events.length;
        if (events.length < batchSize) return applied;
      }
    },
  };
}

/** A merge's winner is the record made by the merge where there is one, else the primary; the rest are merged away. */
function readMerge(event: StoredWebhookEvent): Merge {
  const payload = event.payload as { primaryObjectId?: string; mergedObjectIds?: string[]; newObjectId?: string };
  const winner = payload.newObjectId ?? payload.primaryObjectId ?? event.objectId;
  const all = new Set([...(payload.mergedObjectIds ?? []), payload.primaryObjectId ?? event.objectId, event.objectId]);
  all.delete(winner);
  return { winner, losers: [...all] };
}
