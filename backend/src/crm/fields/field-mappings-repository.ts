import type { PoolClient } from 'pg';
import type { TContactObjectType, TCrmField, TCrmFieldOption, TCrmFieldType, TPlatform } from '@voiceagent/shared';
import { toJsonParameter } from '../../db/json-parameter';

export type MappingRow = {
  object_type: TContactObjectType;
  field_name: string;
  target_kind: 'custom' | 'standard';
  target_key: string;
  label: string;
  field_type: TCrmFieldType;
  options: TCrmFieldOption[];
  status: 'ok' | 'broken';
};

/** A mapping to save: the provider field (as the catalogue describes it) and its target. */
export type NewMapping = { field: TCrmField; targetKind: 'custom' | 'standard'; targetKey: string };

const COLUMNS = 'object_type, field_name, target_kind, target_key, label, field_type, options, status';

export async function listMappings(db: PoolClient, userId: string, platform: TPlatform): Promise<MappingRow[]> {
  const { rows } = await db.query<MappingRow>(
    `select ${COLUMNS} from public.crm_field_mappings where user_id = $1 and platform = $2
     order by target_kind desc, target_key, object_type`,
    [userId, platform],
  );
  return rows;
}

/** Replaces the connection's whole mapping (one statement each way, in the caller's transaction). */
export async function replaceMappings(db: PoolClient, input: { userId: string; platform: TPlatform; mappings: readonly NewMapping[] }): Promise<void> {
  await db.query('delete from public.crm_field_mappings where user_id = $1 and platform = $2', [input.userId, input.platform]);
  if (input.mappings.length === 0) return;
  const rows = input.mappings.map(({ field, targetKind, targetKey }) => ({
    object_type: field.objectType,
    field_name: field.name,
    target_kind: targetKind,
    target_key: targetKey,
    label: field.label,
    field_type: field.type,
    options: field.options,
  }));
  await db.query(
    `insert into public.crm_field_mappings (user_id, platform, object_type, field_name, target_kind, target_key, label, field_type, options)
     select $1, $2, r.object_type, r.field_name, r.target_kind, r.target_key, r.label, r.field_type, r.options
     from jsonb_to_recordset($3::jsonb) as r(object_type text, field_name text, target_kind text, target_key text, label text, field_type text, options jsonb)`,
    [input.userId, input.platform, toJsonParameter(rows)],
  );
}

/**
 * After a catalogue read: a mapped field the catalogue lacks is broken, one it has is ok again and
 * takes the catalogue's label, type and options (a renamed label, a new option). Returns the
 * targets (`custom:<key>`, `standard:<field>`) of mappings that were broken and are ok again.
 */
export async function reconcileMappings(db: PoolClient, input: { userId: string; platform: TPlatform; fields: readonly TCrmField[] }): Promise<string[]> {
  const catalogue = input.fields.map((field) => ({ object_type: field.objectType, field_name: field.name, label: field.label, field_type: field.type, options: field.options }));
  const { rows } = await db.query<{ target: string }>(
    `update public.crm_field_mappings m set
       status = case when f.field_name is null then 'broken' else 'ok' end,
       label = coalesce(f.label, m.label),
       field_type = coalesce(f.field_type, m.field_type),
       options = coalesce(f.options, m.options),
       updated_at = now()
     from public.crm_field_mappings m0
     left join jsonb_to_recordset($3::jsonb) as f(object_type text, field_name text, label text, field_type text, options jsonb)
       on f.object_type = m0.object_type and f.field_name = m0.field_name
     where m.id = m0.id and m0.user_id = $1 and m0.platform = $2
     returning case when m0.status = 'broken' and m.status = 'ok' then m.target_kind || ':' || m.target_key end as target`,
    [input.userId, input.platform, toJsonParameter(catalogue)],
  );
  return [...new Set(rows.flatMap((row) => (row.target === null ? [] : [row.target])))].sort();
}

/** Per mapped key, how many live contacts hold a value that did not fit its type. */
export async function countInvalidValues(db: PoolClient, userId: string, platform: TPlatform): Promise<Map<string, number>> {
  const { rows } = await db.query<{ key: string; contacts: number }>(
    `select issue.key, count(*)::int as contacts
     from public.crm_contacts c, jsonb_object_keys(c.field_issues) as issue(key)
     where c.user_id = $1 and c.platform = $2 and c.deleted_at is null and c.field_issues <> '{}'::jsonb
     group by issue.key`,
    [userId, platform],
  );
  return new Map(rows.map((row) => [row.key, row.contacts]));
}

export type MappingState = { saved_at: Date | null; defaults_applied_at: Date | null; status: 'connected' | 'needs_reauth' | 'error' };

/** The connection's mapping state, locked for the caller's change; undefined when not connected. */
export async function lockMappingState(db: PoolClient, userId: string, platform: TPlatform): Promise<MappingState | undefined> {
  const { rows } = await db.query<MappingState>(
    `select field_mappings_saved_at as saved_at, field_defaults_applied_at as defaults_applied_at, status
     from public.user_crm_credentials where user_id = $1 and platform = $2 for update`,
    [userId, platform],
  );
  return rows[0];
}

export async function findMappingState(db: PoolClient, userId: string, platform: TPlatform): Promise<MappingState | undefined> {
  const { rows } = await db.query<MappingState>(
    `select field_mappings_saved_at as saved_at, field_defaults_applied_at as defaults_applied_at, status
     from public.user_crm_credentials where user_id = $1 and platform = $2`,
    [userId, platform],
  );
  return rows[0];
}

export async function markMappingSaved(db: PoolClient, userId: string, platform: TPlatform): Promise<void> {
  await db.query('update public.user_crm_credentials set field_mappings_saved_at = now() where user_id = $1 and platform = $2', [userId, platform]);
}

export async function markDefaultsApplied(db: PoolClient, userId: string, platform: TPlatform): Promise<void> {
  await db.query('update public.user_crm_credentials set field_defaults_applied_at = now() where user_id = $1 and platform = $2', [userId, platform]);
}

/** A custom key's mappings across the user's connections, for the filter fields. */
export type CustomKeyRow = { platform: TPlatform; target_key: string; label: string; field_type: TCrmFieldType; options: TCrmFieldOption[] };

/** Every working mapping onto a custom key, of every connection the user has. */
export async function listCustomKeyMappings(db: PoolClient, userId: string): Promise<CustomKeyRow[]> {
  const { rows } = await db.query<CustomKeyRow>(
    `select platform, target_key, label, field_type, options from public.crm_field_mappings
     where user_id = $1 and target_kind = 'custom' and status = 'ok'
     order by target_key, platform, object_type`,
    [userId],
  );
  return rows;
}
