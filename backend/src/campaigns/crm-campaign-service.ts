import type { Pool, PoolClient } from 'pg';
import type { Logger } from 'pino';
import {
  AGENT_CONTACTS_MAX,
  DEFAULT_CALLING_RULES,
  mergeCallingRules,
  type TCampaignDetail,
  type TCampaignDetailQuery,
  type TCampaignListQuery,
  type TCampaignListResponse,
  type TCampaignStats,
  type TCreateCampaignInput,
  type TCreateCampaignResponse,
  type TPostResultsInput,
  type TPostResultsResponse,
  type TSyncResultsResponse,
} from '@voiceagent/shared';
import { findAgentRow } from '../agents/agents-repository';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { readContactSelection } from '../crm/contacts/selection/contact-selection';
import { readSegmentSelection } from '../segments/segment-filter';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import { retryOnConflict } from '../db/retry-on-conflict';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import * as results from './call-results-repository';
import { decodeCampaignContactCursor, decodeCampaignCursor, encodeCampaignContactCursor, encodeCampaignCursor } from './campaign-cursor';
import { aggregateCampaignFigures, aggregateCampaignStats } from './campaign-stats-repository';
import * as repo from './campaigns-repository';
import type { ResultsPrincipal } from './results-principal';
import { toCampaignContactDto, toCampaignDto, toCampaignListItem, toCampaignStats } from './to-campaign-dto';
import type { WriteBackQueue } from './writeback-queue';
import { judgeAttempt } from './attempt-outcome';
import { recordAttempts } from './call-queue-repository';
import { toCallingRules } from './calling-rules-columns';
import { suppressCampaignContacts } from '../suppressions/suppressions-repository';
import type { SuppressionWriteBack } from '../suppressions/suppression-write-back-service';
import { systemClock, type Clock } from '../runtime/clock';

export type CampaignServiceDeps = {
  pool: Pool;
  queue: Pick<WriteBackQueue, 'wake'>;
  logger: Logger;
  /** Contacts one campaign may hold; tests lower it to reach the limit cheaply. */
  maxContacts?: number;
  /** The activity log: campaigns started, with how many contacts they took. */
  audit?: Pick<AuditService, 'record'>;
  /** The time retries are scheduled from (tests inject one). */
  now?: Clock;
  /** Numbers a call suppressed go to the CRMs' do-not-call fields when the user's setting asks for it. */
  suppressionWriteBack?: Pick<SuppressionWriteBack, 'plan' | 'send'>;
};

export type CRMCampaignService = ReturnType<typeof createCrmCampaignService>;

/**
 * CRMCampaignService: campaigns as snapshots of CRM contacts, the calls reported for them, and
 * their write-back to each contact's CRM (the jobs do the writing, a connection's calls in
 * batches; this wakes them).
 */
export function createCrmCampaignService(deps: CampaignServiceDeps) {
  const { pool, queue, logger } = deps;
  const maxContacts = deps.maxContacts ?? AGENT_CONTACTS_MAX;

  /**
   * The campaign, its snapshot and its count in one transaction: a failed selection leaves nothing
   * behind. As the service: status, snapshot and count are the server's (users may only read
   * campaigns, 0110); every statement names the user.
   */
  async function createCampaign(user: AuthenticatedUser, input: TCreateCampaignInput): Promise<TCreateCampaignResponse> {
    const created = await withService(pool, async (db) => {
      const agent = await findAgentRow(db, user.id, input.agentId);
      if (!agent) throw fieldError('agentId', `No agent ${input.agentId}`);
      const campaignId = await repo.insertCampaign(db, user.id, { agentId: input.agentId, name: input.name, rules: mergeCallingRules(DEFAULT_CALLING_RULES, input) });
      const target = { userId: user.id, campaignId };
      const source = await readCampaignSource(db, user.id, input, agent.segment_id);
      // One more than allowed, to tell "exactly the limit" from "more".
      const snapshot = await repo.snapshotCampaignContacts(db, target, source, maxContacts + 1);
      if (snapshot.added > maxContacts) {
        // Without a selection of its own the contacts are the agent's (its segment's members now).
        const field = input.filter ? 'filter' : input.contactIds ? 'contactIds' : 'agentId';
        throw fieldError(field, `A campaign holds at most ${maxContacts.toLocaleString('en')} contacts; narrow the selection`);
      }
      await repo.setCampaignContactCount(db, target, snapshot.added);
      const campaign = await findOwnCampaign(db, user.id, campaignId);
      return {
        campaign: toCampaignDto(campaign),
        contacts: {
          added: snapshot.added,
          merged: snapshot.callable - snapshot.added,
          skipped: { notCallable: snapshot.matched - snapshot.callable, notFound: countPicked(source) - snapshot.matchedPicked },
        },
      };
    });
    const details = { campaignId: created.campaign.id, agentId: input.agentId, contactsAdded: created.contacts.added };
    await deps.audit?.record({ userId: user.id, kind: 'campaign_started', outcome: 'success', actor: auditActorOf(user), details });
    return created;
  }

  async function listCampaigns(user: AuthenticatedUser, query: TCampaignListQuery): Promise<TCampaignListResponse> {
    const after = query.cursor === undefined ? null : decodeCampaignCursor(query.cursor);
    // Two statements whatever the page's size: the page, then the figures of all its campaigns at once.
    const { rows, figures } = await withUser(pool, user.claims, async (db) => {
      const rows = await repo.listCampaignRows(db, { userId: user.id, agentId: query.agentId, status: query.status }, after, query.limit);
      const campaignIds = rows.slice(0, query.limit).map((row) => row.id);
      return { rows, figures: await aggregateCampaignFigures(db, { userId: user.id, campaignIds }) };
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCampaignCursor({ createdAt: last.created_key, id: last.id }) : null;
    const items = page.map((row) => toCampaignListItem(row, figures.filter((figure) => figure.campaign_id === row.id)));
    return { items, nextCursor };
  }

  async function getCampaign(user: AuthenticatedUser, id: string, query: TCampaignDetailQuery): Promise<TCampaignDetail> {
    const after = query.cursor === undefined ? null : decodeCampaignContactCursor(query.cursor);
    const { campaign, rows } = await withUser(pool, user.claims, async (db) => ({
      campaign: await findOwnCampaign(db, user.id, id),
      rows: await repo.listCampaignContactRows(db, { userId: user.id, campaignId: id }, after, query.limit),
    }));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeCampaignContactCursor({ name: last.sort_name, id: last.id }) : null;
    return { campaign: toCampaignDto(campaign), contacts: { items: page.map(toCampaignContactDto), nextCursor } };
  }

  async function getStats(user: AuthenticatedUser, id: string): Promise<TCampaignStats> {
    const rows = await withUser(pool, user.claims, async (db) => {
      await findOwnCampaign(db, user.id, id);
      return aggregateCampaignStats(db, { userId: user.id, campaignId: id });
    });
    return toCampaignStats(id, rows);
  }

  /**
   * Runs `fn` for the principal, on the campaign's owner's rows. As the service: call results and
   * their write-back state are the server's (users may only read them, 0110), so `fn` names the
   * owner in every statement.
   */
  function actAs<T>(principal: ResultsPrincipal, fn: (db: PoolClient, ownerId: string) => Promise<T>): Promise<T> {
    return withService(pool, (db) => fn(db, principal.user.id));
  }

  /**
   * Records calls: new call ids are stored and queued for write-back; a call id already stored
   * for the same contact is a duplicate and changes nothing. All or nothing: one wrong result
   * (a contact of another campaign, a call id already used for another contact) refuses the post.
   */
  async function recordResults(principal: ResultsPrincipal, id: string, input: TPostResultsInput): Promise<TPostResultsResponse> {
    const items = input.results;
    // The post meets write-back jobs on the contacts' rows and the rollup rows, in either order.
    const { answers, inserted, ownerId, writeBack } = await retryOnConflict(() => actAs(principal, async (db, ownerId) => {
      const campaign = await findOwnCampaign(db, ownerId, id);
      const target = { userId: ownerId, campaignId: id };
      const foreign = await results.findForeignContacts(db, target, items.map((item) => item.campaignContactId));
      if (foreign.length > 0) throw fieldErrors(foreign.map((i) => [`results.${i}.campaignContactId`, 'not a contact of this campaign']));
      const firstOfCall = checkRepeatedCalls(items);
      const existing = await results.findResultsByCallId(db, ownerId, [...firstOfCall.keys()]);
      checkExistingCalls(items, existing, id);
      const fresh = items.filter((item, i) => firstOfCall.get(item.callId) === i && !existing.some((row) => row.call_id === item.callId));
      const inserted = fresh.length > 0 ? await results.insertResults(db, target, fresh) : [];
      // A concurrent post of the same call may have won: read those back as duplicates.
      const missing = fresh.filter((item) => !inserted.some((row) => row.call_id === item.callId)).map((item) => item.callId);
      const known = [...existing, ...(missing.length > 0 ? await results.findResultsByCallId(db, ownerId, missing) : [])];
      const idOf = new Map([...known, ...inserted].map((row) => [row.call_id, row.id]));
      const isNew = new Set(inserted.map((row) => row.id));
      const answers = items.map((item, i) => {
        const resultId = idOf.get(item.callId)!;
        return { callId: item.callId, resultId, isDuplicate: !isNew.has(resultId) || firstOfCall.get(item.callId) !== i };
      });
      const suppressed = await countAttempts(db, target, campaign, fresh.filter((item) => inserted.some((row) => row.call_id === item.callId)));
      const writeBack = (await deps.suppressionWriteBack?.plan(db, ownerId, suppressed, 'system')) ?? null;
      return { answers, inserted, ownerId, writeBack };
    }));
    await deps.suppressionWriteBack?.send(writeBack);
    await wakeWriteBack(inserted.map((row) => ({ userId: ownerId, platform: row.platform })));
    const accepted = answers.filter((answer) => !answer.isDuplicate).length;
    return { results: answers, accepted, duplicates: answers.length - accepted };
  }

  /**
   * Each new call is one attempt of its contact: it completes the contact's lease and schedules
   * the next try by the campaign's rules, or ends the contact. "Asked not to call" also suppresses
   * the number, for every campaign and CRM; answers the new suppressions' ids.
   */
  async function countAttempts(db: PoolClient, target: { userId: string; campaignId: string }, campaign: repo.CampaignRow, calls: TPostResultsInput['results']): Promise<string[]> {
    const rules = toCallingRules(campaign);
    const now = new Date((deps.now ?? systemClock)());
    const ordered = [...calls].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
    const verdicts = ordered.map((call) => ({ call, verdict: judgeAttempt(call, rules, now) }));
    await recordAttempts(db, target, verdicts.map(({ call, verdict }) => ({ campaignContactId: call.campaignContactId, ...verdict })));
    const askedNotToCall = verdicts.filter(({ verdict }) => verdict.isAskedNotToCall).map(({ call }) => call.campaignContactId);
    return suppressCampaignContacts(db, target, askedNotToCall, 'Asked not to be called (call result)');
  }

  /** Queues every unfinished write-back of the campaign again, the given-up ones included. */
  async function syncResults(user: AuthenticatedUser, id: string): Promise<TSyncResultsResponse> {
    const unfinished = await withService(pool, async (db) => {
      await findOwnCampaign(db, user.id, id);
      return results.reopenUnfinished(db, { userId: user.id, campaignId: id });
    });
    await queue.wake(unfinished.map((row) => ({ userId: row.user_id, platform: row.platform })));
    return { requeued: unfinished.length };
  }

  /** The results are stored: a lost wake-up only delays them until the sweeper wakes their connection. */
  async function wakeWriteBack(connections: Parameters<WriteBackQueue['wake']>[0]): Promise<void> {
    try {
      await queue.wake(connections);
    } catch (error) {
      logger.error({ err: error, connections: connections.length }, 'queueing write-backs failed; the sweeper will queue them');
    }
  }

  return { createCampaign, listCampaigns, getCampaign, getStats, recordResults, syncResults };
}

/** Another user's campaign is as absent as one that never existed (RLS hides it either way). */
async function findOwnCampaign(db: PoolClient, userId: string, id: string): Promise<repo.CampaignRow> {
  const row = await repo.findCampaignRow(db, userId, id);
  if (!row) throw new AppError('not_found', `No campaign ${id}`);
  return row;
}

/**
 * The campaign's own selection of the user's contacts; with neither ids nor a filter, the members
 * of the agent's segment now (`segmentId`), or else the agent's snapshot.
 */
async function readCampaignSource(db: PoolClient, userId: string, input: TCreateCampaignInput, segmentId: string | null): Promise<repo.CampaignSource> {
  if (!input.contactIds && !input.filter) {
    if (segmentId) return { kind: 'contacts', selection: await readSegmentSelection(db, userId, segmentId, 'agentId') };
    return { kind: 'agent', agentId: input.agentId };
  }
  // The campaign's selection sits at the top of its body: a wrong tree is `filter.where…`.
  return { kind: 'contacts', selection: await readContactSelection(db, userId, { contactIds: input.contactIds, filter: input.filter }, '') };
}

/** Distinct ids picked one by one: those not matched were not found. */
function countPicked(source: repo.CampaignSource): number {
  return source.kind === 'contacts' ? source.selection.contactIds.length : 0;
}

/** callId → position of its first result. The same call twice in one post must name the same contact. */
function checkRepeatedCalls(items: TPostResultsInput['results']): Map<string, number> {
  const first = new Map<string, number>();
  const issues: Array<[string, string]> = [];
  items.forEach((item, i) => {
    const earlier = first.get(item.callId);
    if (earlier === undefined) first.set(item.callId, i);
    else if (items[earlier]!.campaignContactId !== item.campaignContactId) {
      issues.push([`results.${i}.callId`, `the same call as results.${earlier}, for another contact`]);
    }
  });
  if (issues.length > 0) throw fieldErrors(issues);
  return first;
}

/** A call id already stored for another contact or campaign is a conflict, not a duplicate. */
function checkExistingCalls(items: TPostResultsInput['results'], existing: results.ExistingResult[], campaignId: string): void {
  const byCall = new Map(existing.map((row) => [row.call_id, row]));
  const issues = items.flatMap((item, i) => {
    const row = byCall.get(item.callId);
    if (!row || (row.campaign_id === campaignId && row.campaign_contact_id === item.campaignContactId)) return [];
    return [{ field: `results.${i}.callId`, message: 'this call id was already reported for another contact' }];
  });
  if (issues.length > 0) throw new AppError('conflict', `Call ids already reported for other contacts: ${issues.map((issue) => issue.field).join(', ')}`, { issues });
}

function fieldError(field: string, message: string): AppError {
  return fieldErrors([[field, message]]);
}

function fieldErrors(issues: Array<[string, string]>): AppError {
  const named = issues.map(([field]) => field).join(', ');
  return new AppError('validation_failed', `Invalid body: ${named}`, { issues: issues.map(([field, message]) => ({ field, message })) });
}
