import type { PoolClient } from 'pg';
import type { TPlatform, TStandardContactField } from '@voiceagent/shared';
import { toJsonParameter } from '../../db/json-parameter';
import type { MappedFieldColumns } from './field-plan';
import { STANDARD_FIELD_COLUMNS } from './standard-field-values';

/** `custom:<key>` or `standard:<field>`: what a backfill rewrites. */
export type BackfillTarget = string;

/** The custom keys and standard fields among a backfill's targets. */
export function splitTargets(targets: readonly BackfillTarget[]): { keys: string[]; standard: TStandardContactField[] } {
  const keys = targets.filter((target) => target.startsWith('custom:')).map((target) => target.slice('custom:'.length));
  const standard = targets
    .filter((target) => target.startsWith('standard:'))
    .map((target) => target.slice('standard:'.length))
    .filter((field): field is TStandardContactField => field in STANDARD_FIELD_COLUMNS);
  return { keys, standard };
}

/**
 * The backfill's first step, in its first page's transaction: the targets' values leave every
 * contact of the connection, so that removed fields are gone and the pages refill the rest.
 */
export async function clearTargets(db: PoolClient, input: { userId: string; platform: TPlatform; targets: readonly BackfillTarget[] }): Promise<void> {
  const { keys, standard } = splitTargets(input.targets);
  const issueKeys = [...keys, ...standard];
  const columns = standard.map((field) => STANDARD_FIELD_COLUMNS[field]);
  const touched = ['c.custom_fields ?| $3::text[]', 'c.field_issues ?| $4::text[]', ...columns.map((column) => `c.${column} is not null`)];
  await db.query(
    `update public.crm_contacts c set
       custom_fields = c.custom_fields - $3::text[],
       field_issues = c.field_issues - $4::text[]${columns.map((column) => `,\n       ${column} = null`).join('')}
     where c.user_id = $1 and c.platform = $2 and (${touched.join(' or ')})`,
    [input.userId, input.platform, keys, issueKeys],
  );
}

/** One page of a backfill: the targets' fresh values on the contacts we hold; returns how many were written. */
export async function writeBackfillPage(
  db: PoolClient,
  input: { userId: string; platform: TPlatform; targets: readonly BackfillTarget[]; rows: ReadonlyArray<{ external_id: string } & MappedFieldColumns> },
): Promise<number> {
  if (input.rows.length === 0) return 0;
  const { standard } = splitTargets(input.targets);
  const columns = standard.map((field) => STANDARD_FIELD_COLUMNS[field]);
  const types: Record<string, string> = { do_not_call: 'boolean', call_consent: 'boolean' };
  const recordType = ['external_id text', 'custom_fields jsonb', 'field_issues jsonb', ...columns.map((column) => `${column} ${types[column] ?? 'text'}`)].join(', ');
  const result = await db.query(
    `update public.crm_contacts c set
       custom_fields = c.custom_fields || r.custom_fields,
       field_issues = c.field_issues || r.field_issues${columns.map((column) => `,\n       ${column} = r.${column}`).join('')}
     from jsonb_to_recordset($3::jsonb) as r(${recordType})
     where c.user_id = $1 and c.platform = $2 and c.external_id = r.external_id`,
    [input.userId, input.platform, toJsonParameter(input.rows)],
  );
  return result.rowCount ?? 0;
}
