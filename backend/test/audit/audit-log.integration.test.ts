import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZAuditListQuery } from '@voiceagent/shared';
import { createAuditService, type AuditService } from '../../src/audit/audit-service';
import { withUser } from '../../src/db/transactions';
import { createTestDatabase, createTestUser, type TestDatabase, type TestUser } from '../support/test-database';

let database: TestDatabase;
let audit: AuditService;
let alice: TestUser;
let bob: TestUser;

const asUser = (user: TestUser) => ({ id: user.id, email: user.email, claims: user.claims });
const query = (input: Record<string, string> = {}) => ZAuditListQuery.parse(input);

beforeAll(async () => {
  database = await createTestDatabase();
  audit = createAuditService({ pool: database.pool, logger: pino({ level: 'silent' }), retentionDays: 30 });
  alice = await createTestUser(database.pool);
  bob = await createTestUser(database.pool);
});

afterAll(async () => {
  await database.drop();
});

describe('the activity log', () => {
  it('lists a user’s own events newest first, in keyset pages, by kind and time range', async () => {
    for (const kind of ['sign_in', 'crm_connected', 'sign_in', 'agent_created'] as const) {
      await audit.record({ userId: alice.id, kind, outcome: 'success', actor: 'user', platform: kind === 'crm_connected' ? 'zoho' : null, ip: '127.0.0.1' });
    }
    await audit.record({ userId: bob.id, kind: 'sign_in', outcome: 'failure', actor: 'user' });

    const first = await audit.list(asUser(alice), query({ limit: '3' }));
    expect(first.events.map((event) => event.kind)).toEqual(['agent_created', 'sign_in', 'crm_connected']);
    expect(first.nextCursor).not.toBeNull();
    const second = await audit.list(asUser(alice), query({ limit: '3', cursor: first.nextCursor! }));
    expect(second.events.map((event) => event.kind)).toEqual(['sign_in']);
    expect(second.nextCursor).toBeNull();

    const signIns = await audit.list(asUser(alice), query({ kind: 'sign_in' }));
    expect(signIns.events).toHaveLength(2);
    const future = await audit.list(asUser(alice), query({ from: new Date(Date.now() + 60_000).toISOString() }));
    expect(future.events).toEqual([]);
    const bobs = await audit.list(asUser(bob), query());
    expect(bobs.events.map((event) => [event.kind, event.outcome])).toEqual([['sign_in', 'failure']]);
  });

  it('records a service acting for a user once per key and hour, naming the key by id only', async () => {
    for (let i = 0; i < 5; i++) await audit.recordServiceUse({ userId: bob.id, keyId: 'key-1', ip: null });
    await audit.recordServiceUse({ userId: bob.id, keyId: 'key-2', ip: null });
    const uses = await audit.list(asUser(bob), query({ kind: 'service_token_used' }));
    expect(uses.events.map((event) => event.details)).toEqual([{ keyId: 'key-2' }, { keyId: 'key-1' }]);
    expect(uses.events.every((event) => event.actor === 'service')).toBe(true);
  });

  it('lets a user neither read another user’s events nor write or erase any through SQL (the Data API)', async () => {
    const seen = await withUser(database.pool, alice.claims, async (db) => (await db.query<{ user_id: string }>('select user_id from public.audit_events')).rows);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((row) => row.user_id === alice.id)).toBe(true);

    const attempts = [
      `insert into public.audit_events (user_id, kind, outcome, actor) values ('${alice.id}', 'sign_in', 'success', 'user')`,
      `update public.audit_events set outcome = 'failure' where user_id = '${alice.id}'`,
      `delete from public.audit_events where user_id = '${alice.id}'`,
    ];
    for (const sql of attempts) {
      await expect(withUser(database.pool, alice.claims, (db) => db.query(sql)), sql).rejects.toThrow(/permission denied/);
    }
  });

  it('forgets events older than the retention period and keeps the rest', async () => {
    await database.pool.query(`update public.audit_events set occurred_at = now() - interval '31 days' where user_id = $1 and kind = 'agent_created'`, [alice.id]);
    const before = await audit.list(asUser(alice), query());
    expect(await audit.pruneExpired()).toBe(1);
    const after = await audit.list(asUser(alice), query());
    expect(after.events.map((event) => event.kind)).toEqual(before.events.map((event) => event.kind).filter((kind) => kind !== 'agent_created'));
  });

  it('refuses a range whose end is not after its start', () => {
    const result = ZAuditListQuery.safeParse({ from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' });
    expect(result.success).toBe(false);
  });
});
