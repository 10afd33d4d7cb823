import type { Pool, PoolClient } from 'pg';
import {
  type TContactListResponse,
  type TCreateSegmentInput,
  type TCrmListsResponse,
  type TDeleteSegmentResponse,
  type TImportCrmListInput,
  type TPlatform,
  type TSegment,
  type TSegmentContactsQuery,
  type TSegmentListQuery,
  type TSegmentListResponse,
  type TUpdateSegmentInput,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import type { ContactsService } from '../crm/contacts/contacts-service';
import type { ContactCursor } from '../crm/contacts/contact-cursor';
import { resolveFilterTree } from '../crm/contacts/selection/contact-selection';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import { decodeSegmentCursor, encodeSegmentCursor } from './segment-cursor';
import { countSegment, countSegments, readStoredFilter } from './segment-filter';
import * as repo from './segments-repository';
import { toSegmentDto } from './to-segment-dto';
import { createCrmListSegments, type CrmListSegmentsDeps } from './crm-list-segments';

export type SegmentsServiceDeps = {
  pool: Pool;
  /** Segments count and list their members through the contacts list's own code. */
  contacts: Pick<ContactsService, 'countContacts' | 'countContactsEach' | 'listContacts'>;
} & Omit<CrmListSegmentsDeps, 'pool'>;

export type SegmentsService = ReturnType<typeof createSegmentsService>;

/**
 * Saved filters: created, renamed, refiltered and deleted by the server (0180: a filter is
 * checked against the user's fields before it is stored), read under the user's RLS with their
 * live counts.
 */
export function createSegmentsService(deps: SegmentsServiceDeps) {
  const { pool, contacts } = deps;
  const lists = createCrmListSegments(deps);

  async function createSegment(user: AuthenticatedUser, input: TCreateSegmentInput): Promise<TSegment> {
    const row = await withNameCheck(input.name, () =>
      withService(pool, async (db) => {
        await checkFilter(db, user.id, input.filter);
        return repo.insertSegment(db, user.id, input);
      }),
    );
    return withUser(pool, user.claims, async (db) => toSegmentDto(row, await countSegment(db, user.id, row, contacts)));
  }

  /** A page of segments, each counted now: at most SEGMENTS_PAGE_MAX filters run per page. */
  async function listSegments(user: AuthenticatedUser, query: TSegmentListQuery): Promise<TSegmentListResponse> {
    const after = query.cursor === undefined ? null : decodeSegmentCursor(query.cursor);
    return withUser(pool, user.claims, async (db) => {
      const rows = await repo.listSegmentRows(db, user.id, after, query.limit);
      const page = rows.slice(0, query.limit);
      const counted = await countSegments(db, user.id, page, contacts);
      const items = page.map((row, i) => toSegmentDto(row, counted[i]!));
      const last = page.at(-1);
      const nextCursor = rows.length > query.limit && last ? encodeSegmentCursor({ createdAt: last.created_key, id: last.id }) : null;
      return { items, nextCursor };
    });
  }

  async function getSegment(user: AuthenticatedUser, id: string): Promise<TSegment> {
    return withUser(pool, user.claims, async (db) => {
      const row = await findOwnSegment(db, user.id, id);
      return toSegmentDto(row, await countSegment(db, user.id, row, contacts));
    });
  }

  async function updateSegment(user: AuthenticatedUser, id: string, changes: TUpdateSegmentInput): Promise<TSegment> {
    const row = await withNameCheck(changes.name, () =>
      withService(pool, async (db) => {
        if (changes.filter) {
          const current = await repo.findSegmentRow(db, user.id, id);
          if (!current) throw notFound(id);
          if (current.kind === 'crm_list') {
            const message = 'A segment imported from a CRM list takes its members from the CRM; it has no filter to change';
            throw new AppError('validation_failed', message, { issues: [{ field: 'filter', message }] });
          }
          await checkFilter(db, user.id, changes.filter);
        }
        const updated = await repo.updateSegment(db, user.id, id, changes);
        if (!updated) throw notFound(id);
        return updated;
      }),
    );
    return withUser(pool, user.claims, async (db) => toSegmentDto(row, await countSegment(db, user.id, row, contacts)));
  }

  async function deleteSegment(user: AuthenticatedUser, id: string): Promise<TDeleteSegmentResponse> {
    const deleted = await withService(pool, (db) => repo.deleteSegment(db, user.id, id));
    if (!deleted) throw notFound(id);
    return { id, agentsKept: deleted.agentsKept };
  }

  /** GET /crm/contacts with the segment's filters and the caller's view, sort and page. */
  async function listSegmentContacts(user: AuthenticatedUser, id: string, query: TSegmentContactsQuery, cursor: ContactCursor | null): Promise<TContactListResponse> {
    const filter = await withUser(pool, user.claims, async (db) => {
      const row = await findOwnSegment(db, user.id, id);
      const stored = readStoredFilter(row);
      if ('problem' in stored) throw cannotRun(row.name, stored.problem);
      try {
        if (stored.filter.where) await resolveFilterTree(db, user.id, stored.filter.where, 'filter.where');
      } catch (error) {
        if (error instanceof AppError && error.code === 'validation_failed') throw cannotRun(row.name, error.message);
        throw error;
      }
      return stored.filter;
    });
    return contacts.listContacts(user, { ...filter, ...query }, cursor);
  }

  /** A CRM list as a segment, its members read now; then it follows the CRM after every sync of that connection. */
  async function importCrmList(user: AuthenticatedUser, input: TImportCrmListInput): Promise<TSegment> {
    const row = await withNameCheck(input.name, () => lists.importList(user, input));
    return withUser(pool, user.claims, async (db) => toSegmentDto(row, await countSegment(db, user.id, row, contacts)));
  }

  /** Reads a crm_list segment's members from the CRM now. */
  async function refreshSegment(user: AuthenticatedUser, id: string): Promise<TSegment> {
    const row = await withUser(pool, user.claims, (db) => findOwnSegment(db, user.id, id));
    if (row.kind !== 'crm_list') throw new AppError('conflict', `Segment "${row.name}" is a saved filter: its members are counted live, there is nothing to refresh`);
    await lists.refreshList(user.id, row);
    return getSegment(user, id);
  }

  function listCrmLists(user: AuthenticatedUser, platform: TPlatform): Promise<TCrmListsResponse> {
    return lists.listCrmLists(user, platform);
  }

  return {
    createSegment,
    listSegments,
    getSegment,
    updateSegment,
    deleteSegment,
    listSegmentContacts,
    importCrmList,
    refreshSegment,
    listCrmLists,
    refreshListsAfterSync: lists.refreshListsAfterSync,
  };
}

/** A tree naming a field the user has not got is the contacts list's 400, named under `filter.where`. */
async function checkFilter(db: PoolClient, userId: string, filter: TCreateSegmentInput['filter']): Promise<void> {
  if (filter.where) await resolveFilterTree(db, userId, filter.where, 'filter.where');
}

/** The unique index's violation as the 409 naming the name; nothing else is caught. */
async function withNameCheck<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error, repo.SEGMENT_LIST_CONSTRAINT)) {
      throw new AppError('conflict', 'That CRM list is a segment already', { issues: [{ field: 'listId', message: 'That CRM list is a segment already' }] });
    }
    if (isUniqueViolation(error, repo.SEGMENT_NAME_CONSTRAINT)) {
      // An imported list without a name of its own takes the list's name.
      const message = name === undefined ? 'You have a segment with that list\'s name already: give this one a name' : `You have a segment named "${name}" already`;
      throw new AppError('conflict', message, { issues: [{ field: 'name', message }] });
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === constraint;
}

/** Another user's segment is as absent as one that never existed (RLS hides it either way). */
async function findOwnSegment(db: PoolClient, userId: string, id: string): Promise<repo.SegmentRow> {
  const row = await repo.findSegmentRow(db, userId, id);
  if (!row) throw notFound(id);
  return row;
}

function notFound(id: string): AppError {
  return new AppError('not_found', `No segment ${id}`);
}

function cannotRun(name: string, problem: string): AppError {
  return new AppError('conflict', `Segment "${name}" cannot list its contacts until its filter is saved again: ${problem}`);
}
