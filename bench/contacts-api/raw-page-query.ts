import type { TContactListQuery } from '@voiceagent/shared';
import { compileFilterTree, type FilterTreeContext } from '@voiceagent/backend/crm/contacts/selection/filter-tree-sql';
import type { createPool } from '@voiceagent/backend/db/pool';
import { createSqlParams } from '@voiceagent/backend/db/sql-params';

type Pool = ReturnType<typeof createPool>;

/** What a listed name cursor holds (see contact-cursor.ts): the keys of the last row of the page before. */
export type NameCursor = { lastName: string; firstName: string; id: string } | null;

const COLUMNS = `id, platform, external_id, first_name, last_name, email, phone, phone_e164, mobile_phone, mobile_phone_e164,
  company, job_title, lifecycle_stage, lead_status, crm_updated_at, deleted_at, sort_last_name, sort_first_name, sort_updated_at`;

/**
 * The true floor of a contacts page: one plain keyset query for the same rows, on a bare
 * connection as the table's owner — no transaction, no role switch, no claims, no RLS, no counts,
 * no duplicate probes, no JSON. Every ratio of the service and the API is taken against it.
 */
export function rawPageQuery(pool: Pool, userId: string, query: TContactListQuery, cursor: NameCursor, treeContext?: FilterTreeContext): Promise<unknown> {
  const params = createSqlParams([userId]);
  const { values, add } = params;
  const where = ['user_id = $1', 'deleted_at is null'];
  if (query.platform?.length === 1) where.push(`platform = ${add(query.platform[0])}`);
  if (query.callable === true) where.push('(phone_e164 is not null or mobile_phone_e164 is not null)');
  if (query.q) {
    // The same pattern the service matches (normalised, then escaped), and the digits of a number.
    const digits = query.q.replace(/\D/g, '');
    const text = `search_text like (select private.contains_pattern(${add(query.q)}))`;
    where.push(digits.length >= 3 ? `(${text} or phone_digits like ${add(`%${digits}%`)})` : text);
  }
  // A tree compiles to the same condition the service runs: its floor is the statement without the service around it.
  if (query.where && treeContext) where.push(compileFilterTree(query.where, params, treeContext));
  if (cursor) where.push(`(sort_last_name, sort_first_name, id) > (${add(cursor.lastName)}, ${add(cursor.firstName)}, ${add(cursor.id)}::uuid)`);
  return pool.query(
    `select ${COLUMNS} from public.crm_contacts c where ${where.join(' and ')}
     order by sort_last_name, sort_first_name, id limit ${add(query.limit + 1)}`,
    values,
  );
}
