import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService } from '../../db/transactions';
import { AppError, type ErrorCode } from '../app-error';
import { toErrorResponse } from '../error-handler';
import { claimIdempotencyKey, releaseIdempotencyKey, saveIdempotentResponse, type IdempotencyClaim, type SavedResponse } from './idempotency-keys';

/** What the route sends: a fresh response, or (`isReplay`) the one saved for the Idempotency-Key. */
export type IdempotentResponse = SavedResponse & { isReplay: boolean };

/**
 * Answers each Idempotency-Key once: the route of an endpoint declared `isIdempotent` runs its
 * handler through it, and the handler knows nothing of keys.
 */
export type IdempotentResponses = {
  respondOnce(user: AuthenticatedUser, claim: IdempotencyClaim, respond: () => Promise<SavedResponse>): Promise<IdempotentResponse>;
};

/**
 * The CRM's answer about the request itself: the same request gets the same answer, so it is
 * saved for the key. Any other failure (not connected, the CRM down or limiting us) reached no
 * verdict; the key is released so that a retry with it tries again.
 */
const VERDICT_CODES = new Set<ErrorCode>(['crm_duplicate', 'provider_rejected', 'validation_failed']);

/**
 * Claims the key before the handler runs (of concurrent retries, one runs it; the others get 409
 * or, once it is done, its response), saves the handler's response or verdict error, and
 * releases the key on any other error.
 *
 * The response is saved in a transaction of its own, after the one in which the handler stored
 * what it created; before, both were one transaction. A crash between the two leaves the claim
 * in progress: retries get 409 until it counts as abandoned (ABANDONED_CLAIM_MS), and the one
 * that takes it over asks the CRM again, which answers crm_duplicate for an email it holds. Only
 * a contact without an email would then be created twice — as it already could be by a crash
 * between the CRM's answer and our first commit. In exchange, services store domain values and
 * never see a key or a response.
 */
export function createIdempotentResponses(deps: { pool: Pool; logger: Logger }): IdempotentResponses {
  const { pool, logger } = deps;
  const save = (user: AuthenticatedUser, key: string, response: SavedResponse) =>
    withService(pool, (db) => saveIdempotentResponse(db, user.id, key, response));

  return {
    async respondOnce(user, claim, respond) {
      const saved = await claimIdempotencyKey(pool, user, claim);
      if (saved) return { ...saved, isReplay: true };
      let response: SavedResponse;
      try {
        response = await respond();
      } catch (error) {
        if (error instanceof AppError && VERDICT_CODES.has(error.code)) {
          await save(user, claim.key, toErrorResponse(error));
        } else {
          await releaseIdempotencyKey(pool, user, claim.key).catch((releaseError: unknown) => {
            // The claim then stays until it counts as abandoned; the request's own error matters more.
            logger.error({ err: releaseError, userId: user.id }, 'could not release an Idempotency-Key');
          });
        }
        throw error;
      }
      await save(user, claim.key, response).catch((saveError: unknown) => {
        // What the request created exists: the client gets its answer. The claim stays until it
        // counts as abandoned, as after a crash (see above).
        logger.error({ err: saveError, userId: user.id }, 'could not save the response of an Idempotency-Key');
      });
      return { ...response, isReplay: false };
    },
  };
}
