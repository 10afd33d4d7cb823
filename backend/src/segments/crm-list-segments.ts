import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { TCrmListsResponse, TImportCrmListInput, TPlatform } from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import type { CredentialsService } from '../crm/credentials/credentials-service';
import type { CrmListSummary } from '../crm/crm-service';
import type { CrmRegistry } from '../crm/registry';
import { withService } from '../db/transactions';
import { AppError } from '../http/app-error';
import * as repo from './segments-repository';

export type CrmListSegmentsDeps = {
  pool: Pool;
  registry: Pick<CrmRegistry, 'get'>;
  credentials: Pick<CredentialsService, 'getSession'>;
  logger: Logger;
};

/** A list's pages are followed until the CRM's cursor ends; a cursor seen twice stops the walk rather than loop. */
const MAX_MEMBER_PAGES = 20_000;

/**
 * CRM lists as segments: the CRM's lists, importing one (members read before the segment is
 * written, so a failed read leaves nothing behind), and refreshing members — on demand and after
 * every sync of that connection, when a failure is noted on the segment and its last members stay.
 */
export function createCrmListSegments(deps: CrmListSegmentsDeps) {
  const { pool, registry, credentials, logger } = deps;

  async function readLists(userId: string, platform: TPlatform): Promise<CrmListSummary[]> {
    const session = await credentials.getSession(userId, platform);
    return registry.get(platform).listCrmLists(session);
  }

  /** Every member of the list, as the CRM's contact ids. */
  async function readMembers(userId: string, platform: TPlatform, listId: string): Promise<string[]> {
    const session = await credentials.getSession(userId, platform);
    const service = registry.get(platform);
    const ids: string[] = [];
    const seen = new Set<string>();
    let cursor: string | null = null;
    for (let pages = 0; pages < MAX_MEMBER_PAGES; pages += 1) {
      const page = await service.fetchListMembers(session, listId, cursor);
      ids.push(...page.externalIds);
      if (page.nextCursor === null) return ids;
      if (seen.has(page.nextCursor)) throw new AppError('provider_rejected', `${platform} returned the same list cursor twice; stopped so as not to loop forever`, { platform });
      seen.add(page.nextCursor);
      cursor = page.nextCursor;
    }
    throw new AppError('provider_rejected', `${platform}'s list ${listId} has more pages than a list can be read in`, { platform });
  }

  async function listCrmLists(user: AuthenticatedUser, platform: TPlatform): Promise<TCrmListsResponse> {
    return { items: await readLists(user.id, platform) };
  }

  /** Writes the segment and its members in one transaction; name and list clashes are the caller's 409s. */
  async function importList(user: AuthenticatedUser, input: TImportCrmListInput): Promise<repo.SegmentRow> {
    const list = (await readLists(user.id, input.platform)).find((candidate) => candidate.id === input.listId);
    if (!list) throw new AppError('not_found', `Your ${input.platform} connection has no contact list ${input.listId}`);
    const members = await readMembers(user.id, input.platform, list.id);
    return withService(pool, async (db) => {
      const row = await repo.insertListSegment(db, user.id, { name: input.name ?? list.name.slice(0, 120), description: input.description, platform: input.platform, listId: list.id });
      await repo.replaceListMembers(db, user.id, row.id, input.platform, members);
      return (await repo.findSegmentRow(db, user.id, row.id))!;
    });
  }

  /** Reads the list's members again and replaces them; a failure is noted on the segment, then thrown. */
  async function refreshList(userId: string, row: Pick<repo.SegmentRow, 'id' | 'platform' | 'external_list_id'>): Promise<void> {
    if (!row.platform || !row.external_list_id) throw new AppError('conflict', 'Only a segment imported from a CRM list has members to refresh');
    const { platform, external_list_id: listId } = row;
    let members: string[];
    try {
      members = await readMembers(userId, platform, listId);
    } catch (error) {
      if (error instanceof AppError) await withService(pool, (db) => repo.markListProblem(db, userId, row.id, error.message));
      throw error;
    }
    await withService(pool, (db) => repo.replaceListMembers(db, userId, row.id, platform, members));
  }

  /**
   * After a sync of the connection: every list segment of it, one after another. A failure is
   * noted on its segment and logged, and never fails the sync nor stops the other lists.
   */
  async function refreshListsAfterSync(userId: string, platform: TPlatform): Promise<void> {
    const rows = await withService(pool, (db) => repo.listListSegmentRows(db, userId, platform));
    for (const row of rows) {
      try {
        await refreshList(userId, row);
      } catch (error) {
        logger.warn({ err: error, segmentId: row.id, platform }, 'CRM list segment refresh failed; its last members stay');
      }
    }
  }

  return { listCrmLists, importList, refreshList, refreshListsAfterSync };
}
