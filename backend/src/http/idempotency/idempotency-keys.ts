import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService } from '../../db/transactions';
import { AppError } from '../app-error';
import * as repo from './idempotency-keys-repository';

/** A response as the client got it, kept to be sent again to a retry with the same key. */
export type SavedResponse = { status: number; body: unknown };

/** The client's key and what it was sent with. */
export type IdempotencyClaim = { key: string; requestHash: string };

export const IDEMPOTENCY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
/**
 * A claim still in progress after this long was abandoned (the process died mid-request) and
 * may be taken over. Far longer than a CRM call can take with its retries and pacing.
 */
export const ABANDONED_CLAIM_MS = 10 * 60 * 1000;

/**
 * What the key is bound to: the operation (which names the platform) and the body as JSON with
 * its keys sorted, so that the same body written in another key order is the same request.
 */
export function hashRequest(operation: string, body: unknown): string {
  return createHash('sha256').update(`${operation}\n${JSON.stringify(sortKeys(body))}`).digest('hex');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => [k, sortKeys(v)]));
}

/**
 * Claims the key in a transaction of its own, committed before the CRM is called, so that of
 * concurrent retries only one calls it. Returns the saved response when the key has one (a
 * retry), null when the caller now holds the claim. Another request's key → 422; the first
 * request with the key still running → 409.
 */
export async function claimIdempotencyKey(pool: Pool, user: AuthenticatedUser, claim: IdempotencyClaim): Promise<SavedResponse | null> {
  // Keys are the server's rows (a replay must be the response it saved): written as the service.
  return withService(pool, async (db) => {
    await repo.deleteExpiredKeys(db, user.id, IDEMPOTENCY_KEY_LIFETIME_MS);
    if (await repo.insertClaim(db, user.id, claim.key, claim.requestHash)) return null;
    const row = await repo.lockKey(db, user.id, claim.key, ABANDONED_CLAIM_MS);
    // Released by its request between our insert and our read: the key is free again.
    if (!row) {
      if (await repo.insertClaim(db, user.id, claim.key, claim.requestHash)) return null;
      throw inProgress();
    }
    if (row.request_hash !== claim.requestHash) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was used with another request; use a new key for a new request', { header: 'Idempotency-Key' });
    }
    if (row.status === 'completed') return { status: row.response_status!, body: row.response_body };
    if (!row.is_abandoned) throw inProgress();
    await repo.renewClaim(db, user.id, claim.key);
    return null;
  });
}

function inProgress(): AppError {
  return new AppError('idempotency_in_progress', 'A request with this Idempotency-Key is still being processed; retry in a moment', { header: 'Idempotency-Key' });
}

export function saveIdempotentResponse(db: PoolClient, userId: string, key: string, response: SavedResponse): Promise<void> {
  return repo.saveResponse(db, userId, key, response);
}

export async function releaseIdempotencyKey(pool: Pool, user: AuthenticatedUser, key: string): Promise<void> {
  await withService(pool, (db) => repo.deleteClaim(db, user.id, key));
}
