import type { Pool, PoolClient } from 'pg';
import {
  mergeCallingRules,
  type TCampaign,
  type TCampaignQueue,
  type TCampaignResponse,
  type TExtendLeaseResponse,
  type TLeaseRequest,
  type TLeaseResponse,
  type TUpdateCampaignInput,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { withService } from '../db/transactions';
import { AppError } from '../http/app-error';
import { renderCampaignContactPrompts } from '../prompts/campaign-contact-prompts';
import type { Clock } from '../runtime/clock';
import * as queue from './call-queue-repository';
import * as repo from './campaigns-repository';
import { toCallingRules } from './calling-rules-columns';
import { toCampaignDto } from './to-campaign-dto';

export type CallQueueService = ReturnType<typeof createCallQueueService>;

const TRANSITIONS = {
  pause: { from: ['running'], to: 'paused', isFinish: false },
  resume: { from: ['paused'], to: 'running', isFinish: false },
  cancel: { from: ['running', 'paused', 'draft', 'scheduled'], to: 'cancelled', isFinish: true },
} as const;

/**
 * The call queue of campaigns (issue 18): rules, pause/resume/cancel, leases for the calling
 * service and the queue's state for people. As the service for writes: campaign status, rules and
 * queue state are the server's (users may only read campaigns, 0110); every statement names the user.
 */
export function createCallQueueService(deps: { pool: Pool; now: Clock }) {
  const { pool } = deps;

  async function updateCampaign(user: AuthenticatedUser, id: string, input: TUpdateCampaignInput): Promise<TCampaign> {
    return withService(pool, async (db) => {
      const row = await findOwnCampaign(db, user.id, id);
      const { name, ...ruleInput } = input;
      const rules = mergeCallingRules(toCallingRules(row), ruleInput);
      if (rules.startsOn && rules.endsOn && rules.startsOn > rules.endsOn) {
        const field = input.endsOn !== undefined ? 'endsOn' : 'startsOn';
        throw new AppError('validation_failed', `Invalid body: ${field}`, { issues: [{ field, message: 'endsOn must not be before startsOn' }] });
      }
      await repo.updateCampaignRules(db, user.id, id, { name: name ?? row.name, rules });
      return toCampaignDto(await findOwnCampaign(db, user.id, id));
    });
  }

  async function changeStatus(user: AuthenticatedUser, id: string, change: keyof typeof TRANSITIONS): Promise<TCampaignResponse> {
    return withService(pool, async (db) => {
      const row = await findOwnCampaign(db, user.id, id);
      const transition = TRANSITIONS[change];
      const isChanged = await queue.setCampaignStatus(db, { userId: user.id, campaignId: id }, transition);
      if (!isChanged) throw new AppError('conflict', `Campaign ${id} is ${row.status}; only a ${transition.from.join(' or ')} campaign can be ${change}d`);
      return { campaign: toCampaignDto(await findOwnCampaign(db, user.id, id)) };
    });
  }

  /** Up to `limit` callable contacts, leased in one statement, with their prompts rendered in the same transaction. */
  async function leaseContacts(user: AuthenticatedUser, id: string, input: TLeaseRequest): Promise<TLeaseResponse> {
    const now = new Date(deps.now());
    return withService(pool, async (db) => {
      await findOwnCampaign(db, user.id, id);
      const target = { userId: user.id, campaignId: id };
      const rows = await queue.leaseContacts(db, target, { now, limit: input.limit, leaseSeconds: input.leaseSeconds, holder: input.holder ?? null });
      const prompts = await renderCampaignContactPrompts(db, user.id, { campaignId: id, campaignContactIds: rows.map((row) => row.id) });
      rows.sort((a, b) => a.lease_expires_at.getTime() - b.lease_expires_at.getTime() || a.id.localeCompare(b.id));
      return {
        leases: rows.map((row) => ({
          leaseId: row.lease_id,
          campaignContactId: row.id,
          phone: row.phone_e164,
          timeZone: row.zone,
          localTime: `${row.local_time}${formatOffset(row.offset_seconds)}`,
          expiresAt: row.lease_expires_at.toISOString(),
          greeting: prompts.get(row.id)?.greeting ?? '',
          instructions: prompts.get(row.id)?.instructions ?? '',
        })),
      };
    });
  }

  async function extendLease(user: AuthenticatedUser, id: string, leaseId: string, seconds: number): Promise<TExtendLeaseResponse> {
    const now = new Date(deps.now());
    return withService(pool, async (db) => {
      await findOwnCampaign(db, user.id, id);
      const target = { userId: user.id, campaignId: id };
      const extended = await queue.extendLease(db, target, { leaseId, now, seconds });
      if (extended) return { leaseId, campaignContactId: extended.id, expiresAt: extended.lease_expires_at.toISOString() };
      if (await queue.leaseExists(db, target, leaseId)) throw new AppError('conflict', `Lease ${leaseId} has expired; lease the contact again`);
      throw new AppError('not_found', `No lease ${leaseId} in campaign ${id} (completed, expired and taken again, or never given)`);
    });
  }

  async function getQueue(user: AuthenticatedUser, id: string): Promise<TCampaignQueue> {
    const now = new Date(deps.now());
    return withService(pool, async (db) => {
      const campaign = await findOwnCampaign(db, user.id, id);
      const row = (await queue.countQueue(db, { userId: user.id, campaignId: id }, now))!;
      return {
        campaignId: id,
        status: campaign.status,
        total: row.total,
        done: row.done,
        suppressed: row.suppressed,
        doNotCall: row.do_not_call,
        unknownTimeZone: row.unknown_time_zone,
        leased: row.leased,
        waitingToRetry: row.waiting_to_retry,
        waitingForWindow: row.waiting_for_window,
        nextWindowOpensAt: row.waiting_for_window > 0 ? (row.next_window_opens_at?.toISOString() ?? null) : null,
        callableNow: row.callable_now,
      };
    });
  }

  return {
    updateCampaign,
    pauseCampaign: (user: AuthenticatedUser, id: string) => changeStatus(user, id, 'pause'),
    resumeCampaign: (user: AuthenticatedUser, id: string) => changeStatus(user, id, 'resume'),
    cancelCampaign: (user: AuthenticatedUser, id: string) => changeStatus(user, id, 'cancel'),
    leaseContacts,
    extendLease,
    getQueue,
  };
}

/** Another user's campaign is as absent as one that never existed. */
async function findOwnCampaign(db: PoolClient, userId: string, id: string): Promise<repo.CampaignRow> {
  const row = await repo.findCampaignRow(db, userId, id);
  if (!row) throw new AppError('not_found', `No campaign ${id}`);
  return row;
}

/** 3600 → "+01:00", -14400 → "-04:00". */
function formatOffset(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const minutes = Math.round(Math.abs(seconds) / 60);
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
