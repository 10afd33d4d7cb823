import type { Pool } from 'pg';
import { CREATE_CONTACTS_MAX, type TImportMapping, type TNewContact, type TPlatform } from '@voiceagent/shared';
import type { ProviderSession } from '../crm/crm-service';
import type { CrmRegistry } from '../crm/registry';
import { toProviderContact } from '../crm/contacts/new-contact-input';
import { withService } from '../db/transactions';
import { AppError, type ErrorCode } from '../http/app-error';
import type { BulkJobRow } from '../bulk/bulk-jobs-repository';
import { readRow } from './import-mapping';
import * as repo from './imports-repository';

export type ImportBatchOutcome = { claimed: number; failedCode: ErrorCode | null };
export type ImportBatches = ReturnType<typeof createImportBatches>;

/**
 * One batch of an import's pending rows: each read with the mapping and checked as POST
 * /crm/:platform/contacts checks a contact; a row whose email (else phone) the CRM already holds
 * as far as we know — created by an earlier import or this one, or synced from it — or that a
 * row above it in the batch has, is skipped; the rest go to CRMService.createContacts in one
 * request (≤ 100, every CRM's batch size). A key is the CRM's own dedupe (email) made ours, so
 * that running a file again, or resuming a job, creates nothing twice, phone-only rows included.
 * The rows of a request are marked before it is sent; a worker resuming a job whose worker died
 * mid-request fails those rows as `import_interrupted` rather than risk a second contact.
 */
export function createImportBatches(deps: { pool: Pool; registry: Pick<CrmRegistry, 'get'> }) {
  const { pool, registry } = deps;

  return {
    async runBatch(job: BulkJobRow, platform: TPlatform, getSession: () => Promise<ProviderSession>): Promise<ImportBatchOutcome> {
      const rows = await withService(pool, (db) => repo.claimRows(db, job.id, CREATE_CONTACTS_MAX));
      if (rows.length === 0) return { claimed: 0, failedCode: null };
      const mapping = ((job.params as repo.ImportParams).mapping ?? []) as TImportMapping;
      const verdicts: repo.ImportVerdict[] = [];
      const valid: Array<{ id: string; input: TNewContact; key: string; sentKey: string | null }> = [];
      for (const row of rows) {
        const read = readRow(row.cells, mapping);
        if (!read.input) {
          const message = read.issues.map((issue) => `${issue.field}: ${issue.message}`).join('; ');
          verdicts.push({ id: row.id, status: 'failed', errorCode: 'validation_failed', error: message, externalId: null, dedupeKey: null });
        } else {
          valid.push({ id: row.id, input: read.input, key: dedupeKeyOf(read.input), sentKey: row.sent_key });
        }
      }
      const known = await withService(pool, (db) => repo.findKnownKeys(db, job.user_id, platform, valid.map((row) => row.key)));
      const seen = new Set<string>();
      const sendable: typeof valid = [];
      for (const row of valid) {
        if (known.has(row.key) || seen.has(row.key)) {
          const message = known.has(row.key) ? `${platform} already has this contact (${row.key.replace(':', ' ')})` : `A row above has the same ${row.key.replace(':', ' ')}`;
          verdicts.push({ id: row.id, status: 'skipped', errorCode: 'crm_duplicate', error: message, externalId: known.get(row.key) ?? null, dedupeKey: row.key });
        } else if (row.sentKey !== null) {
          // Sent by a worker that died before saving the answer: the CRM may hold it, and not every
          // CRM refuses a second contact with the same email or phone, so it is not sent twice.
          const message = `The import stopped while this row was being sent: ${platform} may have created it. Import the file again after the next sync to create it if it is missing`;
          verdicts.push({ id: row.id, status: 'failed', errorCode: 'import_interrupted', error: message, externalId: null, dedupeKey: null });
        } else {
          seen.add(row.key);
          sendable.push(row);
        }
      }
      let failedCode: ErrorCode | null = null;
      if (sendable.length > 0) {
        await withService(pool, (db) => repo.markSending(db, job.id, sendable));
        try {
          const results = await registry.get(platform).createContacts(await getSession(), sendable.map((row) => toProviderContact(row.input)));
          sendable.forEach((row, i) => {
            const result = results[i];
            if (result?.ok) verdicts.push({ id: row.id, status: 'succeeded', errorCode: null, error: null, externalId: result.contact.externalId, dedupeKey: row.key });
            else if (result && result.error.code === 'crm_duplicate') {
              verdicts.push({ id: row.id, status: 'skipped', errorCode: 'crm_duplicate', error: result.error.message, externalId: result.error.existingId ?? null, dedupeKey: row.key });
            } else {
              verdicts.push({ id: row.id, status: 'failed', errorCode: result?.error.code ?? 'provider_rejected', error: result?.error.message ?? `${platform} returned no result for this row`, externalId: null, dedupeKey: null });
            }
          });
        } catch (error) {
          // The request failed as a whole after the client's retries: each of its rows fails with the reason.
          failedCode = error instanceof AppError ? error.code : 'internal_error';
          const message = error instanceof Error ? error.message : String(error);
          for (const row of sendable) verdicts.push({ id: row.id, status: 'failed', errorCode: failedCode, error: message, externalId: null, dedupeKey: null });
        }
      }
      await withService(pool, (db) => repo.saveVerdicts(db, job.id, verdicts));
      return { claimed: rows.length, failedCode };
    },
  };
}

/** The contact's identity at the CRM: its email, else its number in E.164 (as the sync stores it). */
export function dedupeKeyOf(input: TNewContact): string {
  if (input.email) return `email:${input.email.toLowerCase()}`;
  const sent = toProviderContact(input);
  const phone = sent.phone ?? sent.mobilePhone ?? '';
  return `phone:+${phone.replace(/\D/g, '')}`;
}
