import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { withService } from '../../db/transactions';
import { toJsonParameter } from '../../db/json-parameter';
import { withNumberTimeZones } from './number-time-zone';

const BATCH = 1000;

/**
 * Derives the number's zone of contacts written before 0210 ('pending'), a batch per transaction.
 * SKIP LOCKED lets the API and the worker run it at once without waiting on each other; a sync
 * rewriting a contact meanwhile derives it too. Returns how many rows it derived.
 */
export async function backfillNumberTimeZones(pool: Pool, logger: Logger): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await withService(pool, async (db) => {
      const { rows } = await db.query<{ id: string; phone_e164: string | null; mobile_phone_e164: string | null }>(
        `select id, phone_e164, mobile_phone_e164 from public.crm_contacts
         where number_time_zone_state = 'pending' order by id limit $1 for update skip locked`,
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const zoned = withNumberTimeZones(rows);
      await db.query(
        `update public.crm_contacts c set number_time_zone = r.number_time_zone, number_time_zone_state = r.number_time_zone_state
         from jsonb_to_recordset($1::jsonb) as r(id uuid, number_time_zone text, number_time_zone_state text)
         where c.id = r.id`,
        [toJsonParameter(zoned.map(({ id, number_time_zone, number_time_zone_state }) => ({ id, number_time_zone, number_time_zone_state })))],
      );
      return rows.length;
    });
    total += done;
    if (done < BATCH) break;
  }
  if (total > 0) logger.info({ contacts: total }, 'derived the time zones of contacts synced before 0210');
  return total;
}
