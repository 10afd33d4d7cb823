import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TCreateContactError, TCreateContactResult, TCreateContactsResponse, TNewContact, TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import { AppError, type ErrorCode } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CreateContactResult, CrmContactRecord } from '../crm-service';
import type { CrmRegistry } from '../registry';
import { findContactIds, storeCreatedContacts } from './created-contacts-repository';
import {
  claimIdempotencyKey,
  releaseIdempotencyKey,
  saveIdempotentResponse,
  toErrorResponse,
  type IdempotencyClaim,
  type SavedResponse,
  type SaveResponse,
} from './idempotency';
import { toProviderContact, type BatchItem } from './new-contact-input';

export type ContactWritesDeps = {
  pool: Pool;
  registry: Pick<CrmRegistry, 'get'>;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
  /** SYNC_DEFAULT_PHONE_REGION: created contacts are mapped in the regions the sync uses. */
  defaultPhoneRegion: string;
};

/** What the route sends: a fresh response, or (`isReplay`) the one saved for the Idempotency-Key. */
export type WriteResponse = SavedResponse & { isReplay: boolean };

export type ContactWritesService = ReturnType<typeof createContactWritesService>;

/**
 * The CRM's answer about the contact itself: the same request gets the same answer, so it is
 * saved for the key. Any other failure (not connected, the CRM down or limiting us) reached no
 * verdict; the key is released so that a retry with it tries again.
 */
const VERDICT_CODES = new Set<ErrorCode>(['crm_duplicate', 'provider_rejected', 'validation_failed']);

/**
 * Creating contacts in a user's CRM: created there first, then stored locally as the sync
 * stores them, in one transaction with the response saved for the Idempotency-Key. When the CRM
 * fails, nothing is stored. Contacts and saved responses are the server's rows (users may only
 * read them, 0110), so they are written as the service, naming the user in every statement.
 */
export function createContactWritesService(deps: ContactWritesDeps) {
  const { pool, registry, credentials, logger } = deps;

  async function runOnce(user: AuthenticatedUser, claim: IdempotencyClaim | null, work: (save: SaveResponse) => Promise<SavedResponse>): Promise<WriteResponse> {
    if (!claim) return { ...(await work(async () => {})), isReplay: false };
    const saved = await claimIdempotencyKey(pool, user, claim);
    if (saved) return { ...saved, isReplay: true };
    const save: SaveResponse = (db, response) => saveIdempotentResponse(db, user.id, claim.key, response);
    try {
      return { ...(await work(save)), isReplay: false };
    } catch (error) {
      if (error instanceof AppError && VERDICT_CODES.has(error.code)) {
        await withService(pool, (db) => save(db, toErrorResponse(error)));
      } else {
        await releaseIdempotencyKey(pool, user, claim.key).catch((releaseError: unknown) => {
          // The claim then stays until it counts as abandoned; the request's own error matters more.
          logger.error({ err: releaseError, userId: user.id }, 'could not release an Idempotency-Key');
        });
      }
      throw error;
    }
  }

  /** crm_duplicate with our id of the existing contact added, when we have synced it. */
  async function withLocalContactId(user: AuthenticatedUser, platform: TPlatform, error: unknown): Promise<unknown> {
    if (!(error instanceof AppError) || error.code !== 'crm_duplicate') return error;
    const details = (error.details ?? {}) as { existingId?: unknown };
    if (typeof details.existingId !== 'string') return error;
    const existingId = details.existingId;
    const ids = await withUser(pool, user.claims, (db) => findContactIds(db, user.id, platform, [existingId]));
    const contactId = ids.get(existingId);
    return contactId ? new AppError(error.code, error.message, { ...details, contactId }) : error;
  }

  return {
    /** 201 with the contact as the list shows it. */
    async createContact(user: AuthenticatedUser, platform: TPlatform, input: TNewContact, claim: IdempotencyClaim | null): Promise<WriteResponse> {
      return runOnce(user, claim, async (save) => {
        const service = registry.get(platform);
        const session = await credentials.getSession(user.id, platform);
        let record: CrmContactRecord;
        try {
          record = await service.createContact(session, toProviderContact(input));
        } catch (error) {
          throw await withLocalContactId(user, platform, error);
        }
        return withService(pool, async (db) => {
          const stored = await storeCreatedContacts(db, { userId: user.id, platform, records: [record], defaultPhoneRegion: deps.defaultPhoneRegion });
          const contact = stored.get(record.externalId);
          if (!contact) throw new AppError('provider_rejected', `${platform} created a contact but returned no usable id`, { platform });
          const response = { status: 201, body: contact };
          await save(db, response);
          return response;
        });
      });
    },

    /** 200 with a result per item, in input order; items that failed our checks are not sent. */
    async createContacts(user: AuthenticatedUser, platform: TPlatform, items: readonly BatchItem[], claim: IdempotencyClaim | null): Promise<WriteResponse> {
      return runOnce(user, claim, async (save) => {
        const service = registry.get(platform);
        const session = await credentials.getSession(user.id, platform);
        const sendable = items.flatMap((item, index) => ('input' in item ? [{ index, input: toProviderContact(item.input) }] : []));
        const answers = sendable.length === 0 ? [] : await service.createContacts(session, sendable.map((item) => item.input));
        const answerAt = new Map<number, CreateContactResult | undefined>(sendable.map((item, position) => [item.index, answers[position]]));
        const records = answers.flatMap((answer) => (answer.ok ? [answer.contact] : []));
        const duplicateIds = answers.flatMap((answer) => (!answer.ok && answer.error.code === 'crm_duplicate' && answer.error.existingId ? [answer.error.existingId] : []));

        return withService(pool, async (db) => {
          const stored = await storeCreatedContacts(db, { userId: user.id, platform, records, defaultPhoneRegion: deps.defaultPhoneRegion });
          const localIds = await findContactIds(db, user.id, platform, duplicateIds);
          const results = items.map((item, index): TCreateContactResult => {
            if ('error' in item) return { ok: false, error: item.error };
            const answer = answerAt.get(index);
            if (!answer) return { ok: false, error: { code: 'provider_rejected', message: `${platform} returned no result for this contact` } };
            if (!answer.ok) return { ok: false, error: toItemError(answer.error, localIds) };
            const contact = stored.get(answer.contact.externalId);
            return contact ? { ok: true, contact } : { ok: false, error: { code: 'provider_rejected', message: `${platform} created a contact but returned no usable id` } };
          });
          const body: TCreateContactsResponse = { results };
          const response = { status: 200, body };
          await save(db, response);
          return response;
        });
      });
    },
  };
}

function toItemError(error: { code: ErrorCode; message: string; existingId?: string }, localIds: Map<string, string>): TCreateContactError {
  const contactId = error.existingId ? localIds.get(error.existingId) : undefined;
  return { ...error, ...(contactId ? { contactId } : {}) };
}
