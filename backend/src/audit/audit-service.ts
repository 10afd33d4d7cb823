import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TAuditEvent, TAuditListQuery, TAuditListResponse } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService, withUser } from '../db/transactions';
import * as repo from './audit-repository';
import { decodeAuditCursor, encodeAuditCursor } from './audit-cursor';

export type AuditServiceDeps = { pool: Pool; logger: Logger; retentionDays: number };
export type AuditService = ReturnType<typeof createAuditService>;
export type AuditEventInput = repo.AuditEventInput;

/** A service acting for a user is recorded once per key per hour, not once per request. */
const SERVICE_USE_DEDUPE_SECONDS = 3600;
const RETENTION_BATCH = 5000;

/**
 * The activity log. Events are written on the server's own path (never as the user, so nobody
 * forges or erases their trail through the Data API) and read under the user's RLS.
 *
 * Recording never fails the action it records: a sign-in or a disconnect that happened must not
 * turn into an error because its log entry could not be written. The failure is logged instead.
 */
export function createAuditService(deps: AuditServiceDeps) {
  const { pool, logger } = deps;

  async function safely(event: AuditEventInput, write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      logger.error({ err: error, userId: event.userId, kind: event.kind }, 'could not record an audit event');
    }
  }

  return {
    record(event: AuditEventInput): Promise<void> {
      return safely(event, () => withService(pool, (db) => repo.insertEvent(db, event)));
    },

    /** A service token acting for the user: which key (its id, never the key), at most once an hour per key. */
    recordServiceUse(input: { userId: string; keyId: string; ip: string | null }): Promise<void> {
      const event: AuditEventInput = { userId: input.userId, kind: 'service_token_used', outcome: 'success', actor: 'service', ip: input.ip, details: { keyId: input.keyId } };
      return safely(event, () =>
        withService(pool, (db) => repo.insertEventUnlessRecent(db, event, { key: 'keyId', value: input.keyId, withinSeconds: SERVICE_USE_DEDUPE_SECONDS })),
      );
    },

    async list(user: AuthenticatedUser, query: TAuditListQuery): Promise<TAuditListResponse> {
      const after = query.cursor === undefined ? null : decodeAuditCursor(query.cursor);
      const rows = await withUser(pool, user.claims, (db) =>
        repo.listEvents(db, { userId: user.id, kind: query.kind, from: query.from, to: query.to, limit: query.limit, after }),
      );
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeAuditCursor({ occurredAt: last.position, id: last.id }) : null;
      return { events: page.map(toAuditEventDto), nextCursor };
    },

    /** Deletes events past the retention period, in batches; returns how many went. */
    async pruneExpired(): Promise<number> {
      if (deps.retentionDays === 0) return 0;
      let total = 0;
      for (;;) {
        const deleted = await withService(pool, (db) => repo.deleteEventsOlderThan(db, deps.retentionDays, RETENTION_BATCH));
        total += deleted;
        if (deleted < RETENTION_BATCH) return total;
      }
    },
  };
}

function toAuditEventDto(row: repo.AuditEventRow): TAuditEvent {
  return {
    id: row.id,
    kind: row.kind,
    outcome: row.outcome,
    platform: row.platform,
    actor: row.actor,
    ip: row.ip,
    details: row.details,
    occurredAt: row.occurred_at.toISOString(),
  };
}
