import type { PoolClient } from 'pg';
import type { TContact, TPlatform } from '@voiceagent/shared';
import type { CrmContactRecord } from '../crm-records';
import { upsertContactPage } from '../sync/contact-page-repository';
import { findConnectionSyncState } from '../sync/connection-sync-repository';
import { mapContacts } from '../sync/map-contact';
import { findContactRow } from './contacts-repository';
import { toContactDto } from './to-contact-dto';

/**
 * Stores contacts the CRM has just created exactly as a sync page would — the sync's own mapping
 * (phones to E.164 in the same regions) and its one-statement upsert on (user, platform,
 * external id) — so the next sync finds them unchanged. Returns them as the contacts list shows
 * them, by external id.
 */
export async function storeCreatedContacts(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; records: readonly CrmContactRecord[]; defaultPhoneRegion: string },
): Promise<Map<string, TContact>> {
  const { userId, platform } = input;
  if (input.records.length === 0) return new Map();
  const connection = await findConnectionSyncState(db, userId, platform);
  const { rows } = mapContacts(input.records, [connection?.default_phone_region ?? null, input.defaultPhoneRegion]);
  await upsertContactPage(db, userId, platform, rows);
  const ids = await findContactIds(db, userId, platform, rows.map((row) => row.external_id));
  const contacts = new Map<string, TContact>();
  for (const [externalId, id] of ids) {
    const row = await findContactRow(db, userId, id);
    if (row) contacts.set(externalId, toContactDto(row, userId));
  }
  return contacts;
}

/** Our ids of a platform's live contacts, by their CRM ids (those we have synced). */
export async function findContactIds(db: PoolClient, userId: string, platform: TPlatform, externalIds: readonly string[]): Promise<Map<string, string>> {
  if (externalIds.length === 0) return new Map();
  const { rows } = await db.query<{ id: string; external_id: string }>(
    `select id, external_id from public.crm_contacts
     where user_id = $1 and platform = $2 and external_id = any($3::text[]) and deleted_at is null`,
    [userId, platform, externalIds],
  );
  return new Map(rows.map((row) => [row.external_id, row.id]));
}
