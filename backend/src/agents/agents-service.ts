import type { Pool, PoolClient } from 'pg';
import {
  AGENT_CONTACTS_MAX,
  type TAgentContactListQuery,
  type TAgentContactListResponse,
  type TAgentDetail,
  type TAgentSegment,
  type TAgentListQuery,
  type TAgentListResponse,
  type TCreateAgentInput,
  type TCreateAgentResponse,
  type TUpdateAgentInput,
} from '@voiceagent/shared';
import type { AuthenticatedUser } from '../auth/token-verifier';
import { readContactSelection } from '../crm/contacts/selection/contact-selection';
import { countSegment, readSegmentSelection, type SegmentCounter } from '../segments/segment-filter';
import { findSegmentRow } from '../segments/segments-repository';
import { auditActorOf } from '../audit/audit-actor';
import type { AuditService } from '../audit/audit-service';
import { withService, withUser } from '../db/transactions';
import { AppError } from '../http/app-error';
import { assertValidPrompts } from '../prompts/prompt-validation';
import { decodeAgentContactCursor, decodeAgentCursor, encodeAgentContactCursor, encodeAgentCursor } from './agent-cursor';
import * as repo from './agents-repository';
import { toAgentContactDto, toAgentDto, toContactCounts } from './to-agent-dto';

export type AgentsServiceDeps = {
  pool: Pool;
  /** Contacts one agent may hold; tests lower it to reach the limit cheaply. */
  maxContacts?: number;
  /** The activity log: agents created, with how many contacts they took. */
  audit?: Pick<AuditService, 'record'>;
  /** Counts what an agent's segment matches now, as the contacts list counts it. */
  contacts: SegmentCounter;
};

export type AgentsService = ReturnType<typeof createAgentsService>;

/** Creating agents with a snapshot of their contacts, editing what they say, and reading them back. */
export function createAgentsService(deps: AgentsServiceDeps) {
  const { pool } = deps;
  const maxContacts = deps.maxContacts ?? AGENT_CONTACTS_MAX;

  /**
   * The agent, its snapshot and its count in one transaction: a selection that fails (too many
   * contacts) leaves no agent behind. As the service: a snapshot copies the server's synced
   * contacts, and users may not write snapshots or counts themselves (0110); every statement
   * names the user.
   */
  async function createAgent(user: AuthenticatedUser, input: TCreateAgentInput): Promise<TCreateAgentResponse> {
    const snapshot = await withService(pool, async (db) => {
      const { contacts: { segmentId, ...contacts }, ...fields } = input;
      await assertValidPrompts(db, user.id, fields);
      // A segment's members now: the snapshot its contact list shows until a campaign takes them again.
      const selection = segmentId
        ? await readSegmentSelection(db, user.id, segmentId, 'contacts.segmentId')
        : await readContactSelection(db, user.id, contacts, 'contacts');
      const agent = await repo.insertAgent(db, user.id, fields, segmentId ?? null);
      const target = { userId: user.id, agentId: agent.id };
      // One more than allowed, to tell "exactly the limit" from "more".
      const { matched, matchedPicked, added } = await repo.snapshotContacts(db, target, selection, maxContacts + 1);
      if (added > maxContacts) throw tooManyContacts(maxContacts, segmentId ? 'contacts.segmentId' : selection.filter ? 'contacts.filter' : 'contacts.contactIds');
      await repo.setContactCount(db, target, added);
      const skipped = { notCallable: matched - added, notFound: selection.contactIds.length - matchedPicked };
      return { agentId: agent.id, contacts: { added, skipped } };
    });
    // Read back under the user's claims, which counting a segment's search needs (auth.uid()).
    const agent = await withUser(pool, user.claims, async (db) => readDetail(db, user.id, await findOwnAgent(db, user, snapshot.agentId), deps.contacts));
    const created = { agent, contacts: snapshot.contacts };
    const details = { agentId: created.agent.id, contactsAdded: created.contacts.added };
    await deps.audit?.record({ userId: user.id, kind: 'agent_created', outcome: 'success', actor: auditActorOf(user), details });
    return created;
  }

  async function listAgents(user: AuthenticatedUser, query: TAgentListQuery): Promise<TAgentListResponse> {
    const after = query.cursor === undefined ? null : decodeAgentCursor(query.cursor);
    const rows = await withUser(pool, user.claims, (db) => repo.listAgentRows(db, user.id, after, query.limit));
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor = rows.length > query.limit && last ? encodeAgentCursor({ createdAt: last.created_key, id: last.id }) : null;
    return { items: page.map(toAgentDto), nextCursor };
  }

  async function getAgent(user: AuthenticatedUser, id: string): Promise<TAgentDetail> {
    return withUser(pool, user.claims, async (db) => readDetail(db, user.id, await findOwnAgent(db, user, id), deps.contacts));
  }

  async function updateAgent(user: AuthenticatedUser, id: string, changes: TUpdateAgentInput): Promise<TAgentDetail> {
    return withUser(pool, user.claims, async (db) => {
      await assertValidPrompts(db, user.id, changes);
      const row = await repo.updateAgent(db, user.id, id, changes);
      if (!row) throw new AppError('not_found', `No agent ${id}`);
      return readDetail(db, user.id, row, deps.contacts);
    });
  }

  async function listAgentContacts(user: AuthenticatedUser, id: string, query: TAgentContactListQuery): Promise<TAgentContactListResponse> {
    const after = query.cursor === undefined ? null : decodeAgentContactCursor(query.cursor);
    const rows = await withUser(pool, user.claims, async (db) => {
      await findOwnAgent(db, user, id);
      return repo.listAgentContactRows(db, { userId: user.id, agentId: id }, after, query.limit);
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeAgentContactCursor({ lastName: last.sort_last_name, firstName: last.sort_first_name, id: last.id })
        : null;
    return { items: page.map(toAgentContactDto), nextCursor };
  }

  return { createAgent, listAgents, getAgent, updateAgent, listAgentContacts };
}

/** Another user's agent is as absent as one that never existed (RLS hides it either way). */
async function findOwnAgent(db: PoolClient, user: AuthenticatedUser, id: string): Promise<repo.AgentRow> {
  const row = await repo.findAgentRow(db, user.id, id);
  if (!row) throw new AppError('not_found', `No agent ${id}`);
  return row;
}

/** The agent with its snapshot's counts and, when its contacts come from a segment, that segment now. */
async function readDetail(db: PoolClient, userId: string, row: repo.AgentRow, counter: SegmentCounter): Promise<TAgentDetail> {
  const counts = await repo.countContactsByPlatform(db, userId, row.id);
  const segment = row.contact_source === 'segment' ? await readSegment(db, userId, row.segment_id, counter) : null;
  return { ...toAgentDto(row), contactCounts: toContactCounts(counts), segment };
}

/** The agent's segment with its members counted now; id and name null once it was deleted (the agent keeps its snapshot). */
async function readSegment(db: PoolClient, userId: string, segmentId: string | null, counter: SegmentCounter): Promise<TAgentSegment> {
  const row = segmentId ? await findSegmentRow(db, userId, segmentId) : undefined;
  if (!row) return { id: null, name: null, matchingNow: null, problem: null };
  const { counts, problem } = await countSegment(db, userId, row, counter);
  return { id: row.id, name: row.name, matchingNow: counts, problem };
}

function tooManyContacts(max: number, field: 'contacts.filter' | 'contacts.contactIds' | 'contacts.segmentId'): AppError {
  const limit = `${max.toLocaleString('en')} callable contacts`;
  const message = field !== 'contacts.contactIds' ? `The selection holds more than ${limit}; narrow the search or the platform` : `An agent holds at most ${limit}`;
  return new AppError('validation_failed', message, { issues: [{ field, message }] });
}
