import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPlatform } from '@voiceagent/shared';
import type { ContactPage, ContactPageRequest, CRMService, CrmContactRecord, ProviderSession } from '../../../src/crm/crm-service';
import type { CrmRegistry } from '../../../src/crm/registry';
import { createSyncRunner, type SyncRunner } from '../../../src/crm/sync/sync-runner';
import { listCredentialSummaries } from '../../../src/crm/credentials/credentials-repository';
import { failStalledRuns } from '../../../src/crm/sync/sync-runs-repository';
import { WATERMARK_SKEW_MS } from '../../../src/crm/sync/sync-watermark';
import { withService } from '../../../src/db/transactions';
import { AppError } from '../../../src/http/app-error';
import { createTestDatabase, createTestUser, type TestDatabase } from '../../support/test-database';

/**
 * The runner against a real database and a scripted CRM: what the sandboxes cannot easily make
 * happen — two workers on one run, a cursor that repeats, a database that drops mid-run.
 */
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

type FetchPage = (request: ContactPageRequest) => Promise<ContactPage>;

function contact(id: number): CrmContactRecord {
  return {
    externalId: String(id),
    firstName: `First ${id}`,
    lastName: null,
    email: null,
    phone: null,
    mobilePhone: null,
    company: null,
    jobTitle: null,
    lifecycleStage: null,
    leadStatus: null,
    ownerId: null,
    country: null,
    rawProperties: {},
    crmCreatedAt: null,
    crmUpdatedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, id)),
  };
}

/** Pages of `size` contacts numbered from 1; the cursor is the next page's number. */
function pagedContacts(pages: number, size: number): FetchPage {
  return async ({ cursor }) => {
    const page = (cursor?.page as number | undefined) ?? 1;
    const contacts = Array.from({ length: size }, (_, i) => contact((page - 1) * size + i + 1));
    return { contacts, deleted: [], nextCursor: page < pages ? { page: page + 1 } : null, estimatedTotal: pages * size };
  };
}

function createRunner(fetchPage: FetchPage, getSession?: () => Promise<ProviderSession>, deletionScanHours = 0, deletionsNeedFullScan = false): SyncRunner {
  const service = { platform: 'hubspot', deletionsNeedFullScan, readsPagesAhead: true, fetchContactsPage: (_session: ProviderSession, request: ContactPageRequest) => fetchPage(request) } as unknown as CRMService;
  const registry: CrmRegistry = { get: () => service, configured: () => [service] };
  const session = { connection: {}, getAccessToken: async () => 't', refreshAccessToken: async () => 't' } as unknown as ProviderSession;
  return createSyncRunner({
    pool: database.pool,
    registry,
    credentials: { getSession: getSession ?? (async () => session) },
    logger: pino({ level: 'silent' }),
    defaultPhoneRegion: 'US',
    deletionScanHours,
  });
}

async function queueRun(platform: TPlatform = 'hubspot'): Promise<{ userId: string; runId: string }> {
  const user = await createTestUser(database.pool);
  await database.pool.query(`insert into user_crm_credentials (user_id, platform) values ($1, $2)`, [user.id, platform]);
  const { rows } = await database.pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind) values ($1, $2, 'full') returning id`, [user.id, platform]);
  return { userId: user.id, runId: rows[0]!.id };
}

async function readRun(runId: string) {
  const { rows } = await database.pool.query('select status, pages_done, fetched, created, cursor, error_code, error_message from sync_runs where id = $1', [runId]);
  return rows[0];
}

const NO_DEADLINE = Number.MAX_SAFE_INTEGER;

describe('the sync runner', () => {
  it('runs a run to the end and records the connection’s sync', async () => {
    const { userId, runId } = await queueRun();
    expect(await createRunner(pagedContacts(3, 10)).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 3, fetched: 30, created: 30, cursor: null });
    const { rows } = await database.pool.query('select last_synced_at, last_full_sync_at, sync_watermark from user_crm_credentials where user_id = $1', [userId]);
    expect(rows[0]).toMatchObject({ last_synced_at: expect.any(Date), last_full_sync_at: expect.any(Date), sync_watermark: new Date(Date.UTC(2025, 0, 1, 0, 0, 30)) });
  });

  it('stops at the slice deadline with the cursor saved, and the next slice carries on from it', async () => {
    const { runId } = await queueRun();
    const requests: ContactPageRequest[] = [];
    const fetchPage: FetchPage = (request) => {
      requests.push(request);
      return pagedContacts(3, 10)(request);
    };
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: 0 })).toBe('continue');
    expect(await readRun(runId)).toMatchObject({ status: 'running', pages_done: 1, cursor: { page: 2 } });
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests.map((r) => r.cursor)).toEqual([null, { page: 2 }, { page: 3 }]);
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 3, created: 30 });
  });

  it('at a deadline passed while a page is written, also writes the page already read ahead, so that no request is spent twice', async () => {
    const { runId } = await queueRun();
    const options = { deadline: NO_DEADLINE };
    const requests: ContactPageRequest[] = [];
    const fetchPage: FetchPage = (request) => {
      requests.push(request);
      // Page 2 is read ahead while page 1 is written; the slice's time runs out meanwhile.
      if (request.cursor?.page === 2) options.deadline = 0;
      return pagedContacts(3, 10)(request);
    };
    expect(await createRunner(fetchPage).runSlice(runId, options)).toBe('continue');
    expect(await readRun(runId)).toMatchObject({ status: 'running', pages_done: 2, created: 20, cursor: { page: 3 } });
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests.map((r) => r.cursor)).toEqual([null, { page: 2 }, { page: 3 }]);
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 3, created: 30 });
  });

  it('two workers on one run write each page once: the one that finds the page already saved steps back', async () => {
    const { userId, runId } = await queueRun();
    // Both workers fetch the first page before either writes it.
    let arrived = 0;
    let release!: () => void;
    const bothArrived = new Promise<void>((resolve) => (release = resolve));
    const fetchPage: FetchPage = async (request) => {
      if (request.cursor === null) {
        arrived += 1;
        if (arrived === 2) release();
        await bothArrived;
      }
      return pagedContacts(4, 25)(request);
    };
    const outcomes = await Promise.all([createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE }), createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })]);
    expect(outcomes).toEqual(['finished', 'finished']);
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 4, fetched: 100, created: 100 });
    const { rows } = await database.pool.query<{ n: number }>('select count(*)::int as n from crm_contacts where user_id = $1', [userId]);
    expect(rows[0]!.n).toBe(100);
  });

  it('asks for the next page while it writes this one, never past the last page', async () => {
    const { runId } = await queueRun();
    // Page 1's write waits on this lock of its run row until page 2 has been asked for (or 5 s pass:
    // a runner that reads only after writing would never ask, and fails below rather than hanging).
    const holder = await database.pool.connect();
    let held = false;
    const release = async () => {
      if (!held) return;
      held = false;
      await holder.query('commit');
    };
    const requested: Array<{ page: number; pageOneWriteWaiting: boolean }> = [];
    const fetchPage: FetchPage = async (request) => {
      const number = (request.cursor?.page as number | undefined) ?? 1;
      requested.push({ page: number, pageOneWriteWaiting: held });
      if (number === 1) {
        await holder.query('begin');
        await holder.query('select 1 from sync_runs where id = $1 for update', [runId]);
        held = true;
        setTimeout(() => void release(), 5000);
      } else {
        await release();
      }
      return pagedContacts(3, 10)(request);
    };
    try {
      expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    } finally {
      await release();
      holder.release();
    }
    // Page 2 was asked for while page 1's write waited; one request per page, none after the last.
    expect(requested).toEqual([
      { page: 1, pageOneWriteWaiting: false },
      { page: 2, pageOneWriteWaiting: true },
      { page: 3, pageOneWriteWaiting: false },
    ]);
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 3, created: 30, cursor: null });
  });

  it('stops when the run is cancelled between pages (a disconnect): at most the one page read ahead is fetched, and it is not written', async () => {
    const { runId } = await queueRun();
    let calls = 0;
    const fetchPage: FetchPage = async (request) => {
      calls += 1;
      const page = await pagedContacts(5, 10)(request);
      if (calls === 2) {
        // Page 2 is read ahead while page 1 is written; the disconnect comes once page 1 is saved.
        while ((await readRun(runId)).pages_done < 1) await new Promise((resolve) => setTimeout(resolve, 5));
        await database.pool.query(`update sync_runs set status = 'cancelled' where id = $1`, [runId]);
      }
      return page;
    };
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    // One page written, one read ahead (requests = pages written + 1) and thrown away: cursor and
    // contacts are page 1's alone.
    expect(calls).toBe(2);
    expect(await readRun(runId)).toMatchObject({ status: 'cancelled', pages_done: 1, created: 10, cursor: { page: 2 } });
    const { rows } = await database.pool.query<{ n: number; top: string }>('select count(*)::int as n, max(external_id::int)::text as top from crm_contacts c join sync_runs r on r.user_id = c.user_id where r.id = $1', [runId]);
    expect(rows[0]).toEqual({ n: 10, top: '10' });
  });

  it('fails a run whose provider hands back the cursor it was given, rather than looping', async () => {
    const { runId } = await queueRun();
    const fetchPage: FetchPage = async () => ({ contacts: [contact(1)], deleted: [], nextCursor: { page: 2 }, estimatedTotal: null });
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(await readRun(runId)).toMatchObject({ status: 'failed', pages_done: 1, error_code: 'provider_rejected', error_message: expect.stringMatching(/same page cursor/) });
  });

  it('leaves the run running and throws when the database drops, so the job queue retries it later', async () => {
    const { runId } = await queueRun();
    let sessions = 0;
    const dropped = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    const runner = createRunner(pagedContacts(3, 10), async () => {
      sessions += 1;
      if (sessions === 2) throw dropped;
      return { connection: {}, getAccessToken: async () => 't', refreshAccessToken: async () => 't' } as unknown as ProviderSession;
    });
    await expect(runner.runSlice(runId, { deadline: NO_DEADLINE })).rejects.toBe(dropped);
    expect(await readRun(runId)).toMatchObject({ status: 'running', pages_done: 1, cursor: { page: 2 }, error_code: null });
    // The retry resumes from the saved cursor.
    expect(await createRunner(pagedContacts(3, 10)).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(await readRun(runId)).toMatchObject({ status: 'succeeded', pages_done: 3, created: 30 });
  });

  it('pauses at a spent API allowance with its cursor kept, is not taken for stalled meanwhile, and resumes from there', async () => {
    const { userId, runId } = await queueRun();
    let refusals = 0;
    const fetchPage: FetchPage = async (request) => {
      if (request.cursor?.page === 2 && refusals === 0) {
        refusals += 1;
        throw new AppError('provider_quota_exhausted', 'The daily API allowance is down to the reserve kept for other integrations', { retryAfterSeconds: 600 });
      }
      return pagedContacts(3, 10)(request);
    };
    const before = Date.now();
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('paused');
    const paused = await database.pool.query('select status, pages_done, cursor, paused_until, error_code, error_message from sync_runs where id = $1', [runId]);
    expect(paused.rows[0]).toMatchObject({ status: 'running', pages_done: 1, cursor: { page: 2 }, error_code: 'provider_quota_exhausted', error_message: expect.stringMatching(/reserve/) });
    const waitMs = (paused.rows[0].paused_until as Date).getTime() - before;
    expect(waitMs).toBeGreaterThanOrEqual(600_000 - 1000);
    expect(waitMs).toBeLessThanOrEqual(600_000 + 60_000);
    // The connection's card reads the pause from here.
    const [connection] = await withService(database.pool, (db) => listCredentialSummaries(db, userId));
    expect(connection).toMatchObject({ active_run_id: runId, sync_paused_until: paused.rows[0].paused_until, sync_pause_code: 'provider_quota_exhausted' });

    // Its last page was long ago, but it is waiting, not lost: the stalled-run sweep leaves it.
    await database.pool.query(`update sync_runs set updated_at = now() - interval '2 hours' where id = $1`, [runId]);
    expect(await withService(database.pool, (db) => failStalledRuns(db, { runningSeconds: 3600, queuedSeconds: 86_400 }))).not.toContain(runId);

    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    const done = await database.pool.query('select status, pages_done, created, paused_until, error_code from sync_runs where id = $1', [runId]);
    expect(done.rows[0]).toMatchObject({ status: 'succeeded', pages_done: 3, created: 30, paused_until: null, error_code: null });
  });

  it('turns an incremental run into a full one when the provider keeps no history back to its start, deleting what it no longer sees', async () => {
    const { userId, runId } = await queueRun();
    await database.pool.query(`update sync_runs set kind = 'incremental', since = now() - interval '40 days' where id = $1`, [runId]);
    await database.pool.query(
      `insert into crm_contacts (user_id, platform, external_id, first_name, synced_at) values ($1, 'hubspot', 'gone-long-ago', 'Stale', now() - interval '40 days')`,
      [userId],
    );
    const requests: ContactPageRequest[] = [];
    const fetchPage: FetchPage = async (request) => {
      requests.push(request);
      if (request.kind === 'incremental') return { contacts: [contact(99)], deleted: [], nextCursor: null, estimatedTotal: null, restartAsFull: true };
      return pagedContacts(2, 5)(request);
    };
    expect(await createRunner(fetchPage).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests.map((r) => [r.kind, r.since === null, r.cursor])).toEqual([
      ['incremental', false, null],
      ['full', true, null],
      ['full', true, { page: 2 }],
    ]);
    const run = await database.pool.query('select kind, status, created, deleted from sync_runs where id = $1', [runId]);
    expect(run.rows[0]).toMatchObject({ kind: 'full', status: 'succeeded', created: 10, deleted: 1 });
    const { rows } = await database.pool.query<{ external_id: string }>('select external_id from crm_contacts where user_id = $1 and deleted_at is null order by external_id', [userId]);
    // The restarting page's own contact was not written: only the full pass counts.
    expect(rows.map((row) => row.external_id)).toEqual(['1', '10', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('asks a provider that must read every deletion for them once per scan interval, from the last scan, and records each scan', async () => {
    const { userId, runId } = await queueRun();
    const HOUR = 3_600_000;
    const lastScan = new Date(Date.now() - 30 * HOUR);
    await database.pool.query(`update user_crm_credentials set deletions_checked_at = $2 where user_id = $1`, [userId, lastScan]);
    await database.pool.query(`update sync_runs set kind = 'incremental', since = now() - interval '15 minutes' where id = $1`, [runId]);
    const requests: ContactPageRequest[] = [];
    const fetchPage: FetchPage = async (request) => {
      requests.push(request);
      return pagedContacts(1, 1)(request);
    };
    // 30 hours since the last scan, with scans every 24: this run scans, from the last scan on (less the clock margin).
    expect(await createRunner(fetchPage, undefined, 24, true).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests[0]!.deletionsSince).toEqual(new Date(lastScan.getTime() - WATERMARK_SKEW_MS));
    const scanned = await database.pool.query('select c.deletions_checked_at, r.started_at from user_crm_credentials c join sync_runs r on r.id = $2 where c.user_id = $1', [userId, runId]);
    expect(scanned.rows[0].deletions_checked_at).toEqual(scanned.rows[0].started_at);

    // The next incremental run, an hour after that scan: no deletions asked for, the scan time kept.
    const { rows } = await database.pool.query<{ id: string }>(`insert into sync_runs (user_id, platform, kind, since) values ($1, 'hubspot', 'incremental', now()) returning id`, [userId]);
    await database.pool.query(`update user_crm_credentials set deletions_checked_at = now() - interval '1 hour' where user_id = $1`, [userId]);
    const kept = (await database.pool.query('select deletions_checked_at from user_crm_credentials where user_id = $1', [userId])).rows[0].deletions_checked_at;
    expect(await createRunner(fetchPage, undefined, 24, true).runSlice(rows[0]!.id, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests[1]!.deletionsSince).toBeNull();
    expect((await database.pool.query('select deletions_checked_at from user_crm_credentials where user_id = $1', [userId])).rows[0].deletions_checked_at).toEqual(kept);
  });

  it('asks a provider that can find deletions by time for them every run, from the last scan even when the watermark lies months back', async () => {
    const { userId, runId } = await queueRun();
    const lastScan = new Date(Date.now() - 20 * 60_000);
    await database.pool.query(`update user_crm_credentials set deletions_checked_at = $2 where user_id = $1`, [userId, lastScan]);
    // A quiet CRM: the newest change any sync saw is 90 days old, so the run's since is too.
    await database.pool.query(`update sync_runs set kind = 'incremental', since = now() - interval '90 days' where id = $1`, [runId]);
    const requests: ContactPageRequest[] = [];
    const fetchPage: FetchPage = async (request) => {
      requests.push(request);
      return pagedContacts(1, 1)(request);
    };
    expect(await createRunner(fetchPage, undefined, 24, false).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(requests[0]!.deletionsSince).toEqual(new Date(lastScan.getTime() - WATERMARK_SKEW_MS));
    const { rows } = await database.pool.query('select c.deletions_checked_at, r.started_at from user_crm_credentials c join sync_runs r on r.id = $2 where c.user_id = $1', [userId, runId]);
    expect(rows[0].deletions_checked_at).toEqual(rows[0].started_at);
  });

  it('does nothing for a run that already ended', async () => {
    const { runId } = await queueRun();
    await database.pool.query(`update sync_runs set status = 'succeeded' where id = $1`, [runId]);
    let calls = 0;
    expect(await createRunner(async (r) => (calls++, pagedContacts(1, 1)(r))).runSlice(runId, { deadline: NO_DEADLINE })).toBe('finished');
    expect(calls).toBe(0);
  });
});
