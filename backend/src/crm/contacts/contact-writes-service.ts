import type { Pool } from 'pg';
import type { TContact, TCreateContactError, TCreateContactResult, TCreateContactsResponse, TNewContact, TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../../auth/token-verifier';
import { withService, withUser } from '../../db/transactions';
import { AppError, type ErrorCode } from '../../http/app-error';
import type { CredentialsService } from '../credentials/credentials-service';
import type { CreateContactResult, CRMService, CrmContactRecord } from '../crm-service';
import type { CrmRegistry } from '../registry';
import { findContactIds, storeCreatedContacts } from './created-contacts-repository';
import { toProviderContact, type BatchItem } from './new-contact-input';

export type ContactWritesDeps = {
  pool: Pool;
  registry: Pick<CrmRegistry, 'get'>;
  credentials: Pick<CredentialsService, 'getSession'>;
  /** SYNC_DEFAULT_PHONE_REGION: created contacts are mapped in the regions the sync uses. */
  defaultPhoneRegion: string;
};

export type ContactWritesService = ReturnType<typeof createContactWritesService>;

/**
 * Creating contacts in a user's CRM: created there first, then stored locally as the sync
 * stores them. When the CRM fails, nothing is stored. (An Idempotency-Key is the route's
 * concern: see http/idempotency.)
 */
export function createContactWritesService(deps: ContactWritesDeps) {
  const { pool, registry, credentials } = deps;

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
    /** The contact as the list shows it. */
    async createContact(user: AuthenticatedUser, platform: TPlatform, input: TNewContact): Promise<TContact> {
      const service = registry.get(platform);
      const refusal = refuseObjectType(service, input, 'objectType');
      if (refusal) throw new AppError('validation_failed', `Invalid body: objectType (${refusal.message})`, { issues: [refusal] });
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
        return contact;
      });
    },

    /** A result per item, in input order; items that failed our checks are not sent. */
    async createContacts(user: AuthenticatedUser, platform: TPlatform, batch: readonly BatchItem[]): Promise<TCreateContactsResponse> {
      const service = registry.get(platform);
      const items = batch.map((item, index): BatchItem => {
        const refusal = 'input' in item ? refuseObjectType(service, item.input, `contacts.${index}.objectType`) : null;
        return refusal ? { error: { code: 'validation_failed', message: `Invalid contact: ${refusal.field} (${refusal.message})`, issues: [refusal] } } : item;
      });
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
        return { results };
      });
    },
  };
}

/** A lead asked of a CRM without leads: the field and why, or null when the CRM can create it. */
function refuseObjectType(service: Pick<CRMService, 'platform' | 'supportsLeads'>, input: TNewContact, field: string): { field: string; message: string } | null {
  if (input.objectType !== 'lead' || service.supportsLeads) return null;
  return { field, message: `${service.platform} has no leads; only Salesforce creates them` };
}

function toItemError(error: { code: ErrorCode; message: string; existingId?: string }, localIds: Map<string, string>): TCreateContactError {
  const contactId = error.existingId ? localIds.get(error.existingId) : undefined;
  return { ...error, ...(contactId ? { contactId } : {}) };
}
