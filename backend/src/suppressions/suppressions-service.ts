import type { Pool } from 'pg';
import type { TCreateSuppressionInput, TSuppression, TSuppressionListQuery, TSuppressionListResponse } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { normalizePhone } from '../crm/sync/phone-normalizer';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import { decodeCampaignCursor, encodeCampaignCursor } from '../campaigns/campaign-cursor';
import * as repo from './suppressions-repository';

export type SuppressionsService = ReturnType<typeof createSuppressionsService>;

/** The user's suppression list: numbers never called again, from any CRM or campaign. */
export function createSuppressionsService(deps: { pool: Pool; defaultPhoneRegion: string }) {
  const { pool } = deps;

  /** As the service: the number is normalised and the source recorded here, not by the user (0210). */
  async function addSuppression(user: AuthenticatedUser, input: TCreateSuppressionInput): Promise<TSuppression> {
    const phoneE164 = normalizePhone(input.phone, [deps.defaultPhoneRegion]);
    if (!phoneE164) {
      throw new AppError('validation_failed', 'Invalid body: phone', { issues: [{ field: 'phone', message: 'not a phone number' }] });
    }
    const row = await withService(pool, (db) => repo.insertSuppression(db, user.id, { phoneE164, reason: input.reason ?? null, source: 'api' }));
    return toSuppressionDto(row);
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

  return { addSuppression, listSuppressions, deleteSuppression };
}

function toSuppressionDto(row: repo.SuppressionRow): TSuppression {
  return { id: row.id, phoneE164: row.phone_e164, reason: row.reason, source: row.source, createdAt: row.created_at.toISOString() };
}
