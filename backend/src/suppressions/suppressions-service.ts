import type { Pool } from 'pg';
import {
  SUPPRESSION_IMPORT_INVALID_LISTED_MAX,
  type TCreateSuppressionInput,
  type TSuppression,
  type TSuppressionImportResult,
  type TSuppressionListQuery,
  type TSuppressionListResponse,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { normalizePhone } from '../crm/sync/phone-normalizer';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import type { UploadBody } from '../http/endpoint-handler';
import { decodeCampaignCursor, encodeCampaignCursor } from '../campaigns/campaign-cursor';
import { auditActorOf } from '../audit/audit-actor';
import { readSuppressionCsv } from './suppression-csv';
import { toCrmWriteBack, type SuppressionWriteBack } from './suppression-write-back-service';
import * as repo from './suppressions-repository';

/** Numbers inserted per statement: one array parameter, well under a second each. */
const IMPORT_CHUNK = 5000;

export type SuppressionsService = ReturnType<typeof createSuppressionsService>;

/**
 * The user's suppression list: numbers never called again, from any CRM or campaign; with the
 * user's setting on, each new number is also written to the CRMs' do-not-call fields (`writeBack`).
 */
export function createSuppressionsService(deps: { pool: Pool; defaultPhoneRegion: string; writeBack: Pick<SuppressionWriteBack, 'plan' | 'send'> }) {
  const { pool } = deps;

  /** As the service: the number is normalised and the source recorded here, not by the user (0210). */
  async function addSuppression(user: AuthenticatedUser, input: TCreateSuppressionInput): Promise<TSuppression> {
    const phoneE164 = normalizePhone(input.phone, [deps.defaultPhoneRegion]);
    if (!phoneE164) {
      throw new AppError('validation_failed', 'Invalid body: phone', { issues: [{ field: 'phone', message: 'not a phone number' }] });
    }
    // A contact id names where the number came from; it must be one of the user's contacts.
    if (input.contactId !== undefined) {
      const contactId = input.contactId;
      const isTheirs = await withUser(pool, user.claims, (db) => repo.hasContact(db, user.id, contactId));
      if (!isTheirs) throw new AppError('not_found', `No contact ${contactId}`);
    }
    const source = input.contactId === undefined ? 'api' : 'contact';
    // The number and its write-back's rows commit together; a number already listed keeps the write-back it had.
    const { id, plan } = await withService(pool, async (db) => {
      const added = await repo.insertSuppression(db, user.id, { phoneE164, reason: input.reason ?? null, source });
      return { id: added.id, plan: added.isNew ? await deps.writeBack.plan(db, user.id, [added.id], auditActorOf(user)) : null };
    });
    await deps.writeBack.send(plan);
    const row = await withUser(pool, user.claims, (db) => repo.findSuppressionRow(db, user.id, id));
    if (!row) throw new AppError('not_found', `No suppression ${id}`);
    return toSuppressionDto(row);
  }

  /** A CSV's numbers, read as the contacts' are; rows that are not numbers are reported, not fatal. */
  async function importSuppressions(user: AuthenticatedUser, upload: UploadBody): Promise<TSuppressionImportResult> {
    const toE164 = (text: string) => normalizePhone(text, [deps.defaultPhoneRegion]);
    const cells = await readSuppressionCsv(upload, (text) => toE164(text) !== null);
    const numbers = new Set<string>();
    const invalid: TSuppressionImportResult['invalid'] = [];
    let invalidCount = 0;
    for (const cell of cells) {
      const phoneE164 = toE164(cell.value);
      if (phoneE164) numbers.add(phoneE164);
      else if (++invalidCount <= SUPPRESSION_IMPORT_INVALID_LISTED_MAX) invalid.push(cell);
    }
    const unique = [...numbers];
    // One transaction: a file is added whole or not at all, with one write-back job for all its new numbers.
    const { added, plan } = await withService(pool, async (db) => {
      const ids: string[] = [];
      for (let i = 0; i < unique.length; i += IMPORT_CHUNK) ids.push(...(await repo.insertSuppressionNumbers(db, user.id, unique.slice(i, i + IMPORT_CHUNK))));
      return { added: ids.length, plan: await deps.writeBack.plan(db, user.id, ids, auditActorOf(user)) };
    });
    await deps.writeBack.send(plan);
    return { added, alreadyPresent: cells.length - invalidCount - added, invalid, invalidCount };
  }

  async function listSuppressions(user: AuthenticatedUser, query: TSuppressionListQuery): Promise<TSuppressionListResponse> {
    const after = query.cursor === undefined ? null : decodeCampaignCursor(query.cursor);
    const rows = await withUser(pool, user.claims, (db) => repo.listSuppressionRows(db, user.id, after, query.limit));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCampaignCursor({ createdAt: last.created_key, id: last.id }) : null;
    return { items: page.map(toSuppressionDto), nextCursor };
  }

  async function deleteSuppression(user: AuthenticatedUser, id: string): Promise<{ id: string; deleted: true }> {
    const deleted = await withUser(pool, user.claims, (db) => repo.deleteSuppressionRow(db, user.id, id));
    if (!deleted) throw new AppError('not_found', `No suppression ${id}`);
    return { id, deleted: true };
  }

  return { addSuppression, importSuppressions, listSuppressions, deleteSuppression };
}

function toSuppressionDto(row: repo.SuppressionRow): TSuppression {
  const crmWriteBack = toCrmWriteBack({
    askedAt: row.crm_write_back_at,
    records: row.wb_records,
    pending: row.wb_pending,
    failed: row.wb_failed,
    jobIds: row.wb_job_ids,
    error: row.wb_error,
  });
  return { id: row.id, phoneE164: row.phone_e164, reason: row.reason, source: row.source, createdAt: row.created_at.toISOString(), crmWriteBack };
}
