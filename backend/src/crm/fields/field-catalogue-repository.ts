import type { PoolClient } from 'pg';
import type { TCrmField, TPlatform } from '@voiceagent/shared';
import { toJsonParameter } from '../../db/json-parameter';

export type CatalogueRow = { fields: TCrmField[]; refreshed_at: Date };

export async function findCatalogue(db: PoolClient, userId: string, platform: TPlatform): Promise<CatalogueRow | undefined> {
  const { rows } = await db.query<CatalogueRow>(
    'select fields, refreshed_at from public.crm_field_catalogues where user_id = $1 and platform = $2',
    [userId, platform],
  );
  return rows[0];
}

/** When the catalogue was last read, without the catalogue itself (incremental runs ask every few minutes). */
export async function findCatalogueRefreshedAt(db: PoolClient, userId: string, platform: TPlatform): Promise<Date | undefined> {
  const { rows } = await db.query<{ refreshed_at: Date }>('select refreshed_at from public.crm_field_catalogues where user_id = $1 and platform = $2', [userId, platform]);
  return rows[0]?.refreshed_at;
}

export async function saveCatalogue(db: PoolClient, input: { userId: string; platform: TPlatform; fields: readonly TCrmField[] }): Promise<CatalogueRow> {
  const { rows } = await db.query<CatalogueRow>(
    `insert into public.crm_field_catalogues (user_id, platform, fields, refreshed_at) values ($1, $2, $3::jsonb, now())
     on conflict (user_id, platform) do update set fields = excluded.fields, refreshed_at = excluded.refreshed_at
     returning fields, refreshed_at`,
    [input.userId, input.platform, toJsonParameter(input.fields)],
  );
  return rows[0]!;
}
