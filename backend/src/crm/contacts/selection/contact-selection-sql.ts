import type { SqlParams } from '../../../db/sql-params';
import { compileContactFilter, type ContactFilter } from './contact-filter-sql';

/**
 * Which of a user's live contacts an operation means: those picked by id, and every contact
 * `filter` matches less `excludeIds`. An id both picked and excluded is taken: exclusion only
 * subtracts from the filter. Ids are distinct (see toContactSelection).
 */
export type ContactSelection = {
  contactIds: string[];
  filter: ContactFilter | null;
  excludeIds: string[];
};

/**
 * A selection as SQL on `public.crm_contacts c`: `where` is the whole condition (owner and
 * liveness included), `isPicked` tells a contact picked by id from one the filter found. The
 * parameters are in the collector it was compiled with.
 */
export type SelectionSql = { where: string; isPicked: string };

/**
 * The one reading of a selection, for every statement that takes a selection's contacts (agent
 * and campaign snapshots, later exports and bulk updates). Names the owner itself, so that a
 * statement run as service_role (no RLS) still never reaches another user's contacts.
 */
export function compileContactSelection(userId: string, selection: ContactSelection, params: SqlParams): SelectionSql {
  const own = [`c.user_id = ${params.add(userId)}`, 'c.deleted_at is null'];
  const isPicked = selection.contactIds.length > 0 ? `c.id = any(${params.add(selection.contactIds)}::uuid[])` : 'false';
  if (!selection.filter) return { where: [...own, isPicked].join('\n      and '), isPicked };
  const matches = compileContactFilter(selection.filter, params);
  if (selection.excludeIds.length > 0) matches.push(`not (c.id = any(${params.add(selection.excludeIds)}::uuid[]))`);
  const matched = matches.length > 0 ? matches.join(' and ') : 'true';
  // Without picks the filter alone decides, and its conditions stay plain ones the planner can use.
  const chosen = selection.contactIds.length > 0 ? [`(${isPicked} or (${matched}))`] : matches;
  return { where: [...own, ...chosen].join('\n      and '), isPicked };
}
