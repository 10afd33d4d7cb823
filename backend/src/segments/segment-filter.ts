import type { PoolClient } from 'pg';
import { ZContactListFilter, type TContactCounts } from '@voiceagent/shared';
import { AppError } from '../http/app-error';
import type { ContactsService } from '../crm/contacts/contacts-service';
import { readContactSelection } from '../crm/contacts/selection/contact-selection';
import type { ContactSelection } from '../crm/contacts/selection/contact-selection-sql';
import type { ContactListFilterInput } from '../crm/contacts/selection/contact-selection';
import { findSegmentRow, type SegmentRow } from './segments-repository';

export type SegmentCounter = Pick<ContactsService, 'countContacts' | 'countContactsEach'>;

/** A segment's live counts, or why its filter cannot run now (a field unmapped since it was saved). */
export type SegmentCountsResult = { counts: TContactCounts | null; problem: string | null };

/** The stored filter, read back through the contract; a row written outside the API that does not parse is a problem, not a 500. */
export function readStoredFilter(row: Pick<SegmentRow, 'id' | 'kind' | 'filter' | 'platform'>): { filter: ContactListFilterInput } | { problem: string } {
  // A CRM list's members are those stored at its last refresh, whatever the CRM's criteria; its
  // counts name its CRM alone.
  if (row.kind === 'crm_list') return { filter: { memberOf: row.id, ...(row.platform ? { platform: [row.platform] } : {}) } };
  const parsed = ZContactListFilter.safeParse(row.filter);
  return parsed.success ? { filter: parsed.data } : { problem: 'The saved filter cannot be read; save the segment\'s filter again' };
}

/** Counts the segment's members now, per CRM, through the contacts list's own counting. */
export async function countSegment(db: PoolClient, userId: string, row: Pick<SegmentRow, 'id' | 'kind' | 'filter' | 'platform'>, counter: SegmentCounter): Promise<SegmentCountsResult> {
  const stored = readStoredFilter(row);
  if ('problem' in stored) return { counts: null, problem: stored.problem };
  try {
    return { counts: await counter.countContacts(db, userId, stored.filter, 'filter.where'), problem: null };
  } catch (error) {
    // The tree was checked when saved: a 400 now means the user's fields changed since.
    if (error instanceof AppError && error.code === 'validation_failed') return { counts: null, problem: error.message };
    throw error;
  }
}

/** countSegment for a page of segments, their row-by-row counts taken in one pass over the user's contacts. */
export async function countSegments(db: PoolClient, userId: string, rows: readonly Pick<SegmentRow, 'id' | 'kind' | 'filter' | 'platform'>[], counter: SegmentCounter): Promise<SegmentCountsResult[]> {
  const stored = rows.map(readStoredFilter);
  const readable = stored.flatMap((entry, index) => ('filter' in entry ? [{ index, filter: entry.filter }] : []));
  const counted = await counter.countContactsEach(db, userId, readable.map((entry) => entry.filter), 'filter.where');
  const results: SegmentCountsResult[] = stored.map((entry) => ({ counts: null, problem: 'problem' in entry ? entry.problem : null }));
  readable.forEach(({ index }, i) => {
    const result = counted[i]!;
    if (!(result instanceof AppError)) results[index] = { counts: result, problem: null };
    else if (result.code === 'validation_failed') results[index] = { counts: null, problem: result.message };
    else throw result;
  });
  return results;
}

/**
 * The user's segment as a selection of their contacts now, for an agent or a campaign. A segment
 * that is not theirs, or whose filter cannot run now, is a 400 naming `field`.
 */
export async function readSegmentSelection(db: PoolClient, userId: string, segmentId: string, field: string): Promise<ContactSelection> {
  const row = await findSegmentRow(db, userId, segmentId);
  if (!row) throw fieldError(field, `No segment ${segmentId}`);
  const stored = readStoredFilter(row);
  if ('problem' in stored) throw fieldError(field, `Segment "${row.name}": ${stored.problem}`);
  try {
    return await readContactSelection(db, userId, { filter: stored.filter }, '');
  } catch (error) {
    if (error instanceof AppError && error.code === 'validation_failed') throw fieldError(field, `Segment "${row.name}" cannot run: ${error.message}`);
    throw error;
  }
}

function fieldError(field: string, message: string): AppError {
  return new AppError('validation_failed', message, { issues: [{ field, message }] });
}
