import { AppError, type ErrorCode } from '../../http/app-error';
import type { CreateContactResult, CrmContactRecord, NewContact } from '../crm-service';

/** Both CRMs take at most 100 records per batch write. */
export const MAX_CONTACTS_PER_BATCH = 100;

/** Errors about the connection or the provider, not about one input: the next input would fail the same way. */
const STOPPING_CODES = new Set<ErrorCode>(['crm_auth_revoked', 'provider_unavailable', 'provider_timeout', 'provider_rate_limited']);

export function refuseOversizedBatch(inputs: NewContact[], max: number, platform: string): void {
  if (inputs.length > max) throw new AppError('validation_failed', `${platform} creates at most ${max} contacts per batch; got ${inputs.length}`, { platform, max });
}

/**
 * Creates the inputs one by one, each with its own verdict. Once the provider or the connection
 * fails, the rest are not sent (each says so) — but the ones already created are still reported,
 * so the caller does not create them again.
 */
export async function createEachContact(inputs: NewContact[], create: (input: NewContact) => Promise<CrmContactRecord>): Promise<CreateContactResult[]> {
  const results: CreateContactResult[] = [];
  let stoppedBy: AppError | null = null;
  for (const input of inputs) {
    if (stoppedBy) {
      results.push({ ok: false, error: { code: stoppedBy.code, message: `Not sent: an earlier contact of the batch failed with ${stoppedBy.message}` } });
      continue;
    }
    try {
      results.push({ ok: true, contact: await create(input) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      if (STOPPING_CODES.has(error.code)) stoppedBy = error;
      results.push({ ok: false, error: toItemError(error) });
    }
  }
  return results;
}

export function toItemError(error: AppError): { code: ErrorCode; message: string; existingId?: string } {
  const existingId = (error.details as { existingId?: unknown } | undefined)?.existingId;
  return { code: error.code, message: error.message, ...(typeof existingId === 'string' ? { existingId } : {}) };
}
