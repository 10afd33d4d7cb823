import pino from 'pino';
import type { TSyncRun } from '@voiceagent/shared';
import { expect } from 'vitest';
import { createPgBudgetStore } from '../../../src/crm/provider-http/pg-budget-store';
import { createCrmRegistry } from '../../../src/crm/registry';
import { createSyncRunner, type SliceOutcome } from '../../../src/crm/sync/sync-runner';
import type { TestUser } from '../../support/test-users';
import { expectSameContacts, querySalesforce, readLocalContacts, readSalesforceTruth } from './sandbox-truth';
import type { SyncTestbed } from './sync-testbed';

/** What the Salesforce sync tests share: starting runs over HTTP, reading runs and connections, and the org's own view. */

export async function startSalesforceSync(testbed: SyncTestbed, user: TestUser): Promise<string> {
  const res = await testbed.api(user, '/crm/salesforce/sync', { method: 'POST' });
  expect(res.status).toBe(202);
  return ((await res.json()) as { runId: string }).runId;
}

export async function getRun(testbed: SyncTestbed, user: TestUser, runId: string): Promise<TSyncRun> {
  const res = await testbed.api(user, `/crm/sync/runs/${runId}`);
  expect(res.status).toBe(200);
  return (await res.json()) as TSyncRun;
}

export async function waitForPages(testbed: SyncTestbed, user: TestUser, runId: string, pages: number, timeoutMs = 20_000): Promise<TSyncRun> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(testbed, user, runId);
    if (run.pagesDone >= pages) return run;
    if (run.status !== 'queued' && run.status !== 'running') throw new Error(`run ended before ${pages} pages: ${JSON.stringify(run)}`);
    if (Date.now() > deadline) throw new Error(`run at ${run.pagesDone} pages after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export type SyncPause = { until: string; code: string; message: string } | null;

export async function readSyncPause(testbed: SyncTestbed, user: TestUser): Promise<SyncPause> {
  const res = await testbed.api(user, '/crm/credentials');
  expect(res.status).toBe(200);
  const { connections } = (await res.json()) as { connections: Array<{ platform: string; syncPause: SyncPause }> };
  return connections.find((connection) => connection.platform === 'salesforce')!.syncPause;
}

export async function waitForSyncPause(testbed: SyncTestbed, user: TestUser, timeoutMs = 20_000): Promise<NonNullable<SyncPause>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pause = await readSyncPause(testbed, user);
    if (pause) return pause;
    if (Date.now() > deadline) throw new Error(`no sync pause after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs a paused run's next slice the way a worker that takes it once `paused_until` has passed
 * would: a runner of its own, whose Salesforce service has not yet heard the org's usage (as a
 * process that was not the one to pause it), on the product's database and credentials.
 */
export async function resumeAsAnotherWorker(testbed: SyncTestbed, runId: string): Promise<SliceOutcome> {
  const { config, pool, services } = testbed.product;
  const runner = createSyncRunner({
    pool,
    registry: createCrmRegistry(config.crm, { budgets: createPgBudgetStore(pool), salesforceSync: config.crm.salesforceSync }),
    credentials: services.credentials,
    logger: pino({ level: 'silent' }),
    defaultPhoneRegion: config.sync.defaultPhoneRegion,
    deletionScanHours: config.sync.deletionScanHours,
  });
  return runner.runSlice(runId, { deadline: Date.now() + 60_000 });
}

/** Ids of the org's records that a sync must not hold: converted leads and the recycle bin's contacts and leads. */
export async function readGoneIds(testbed: SyncTestbed, orgId: string): Promise<{ converted: string[]; recycled: string[] }> {
  const converted = await querySalesforce(testbed, orgId, 'SELECT Id FROM Lead WHERE IsConverted = true');
  const recycled = [
    ...(await querySalesforce(testbed, orgId, 'SELECT Id FROM Contact WHERE IsDeleted = true', { all: true })),
    ...(await querySalesforce(testbed, orgId, 'SELECT Id FROM Lead WHERE IsDeleted = true', { all: true })),
  ];
  return { converted: converted.map((r) => String(r.Id)), recycled: recycled.map((r) => String(r.Id)) };
}

export async function expectCopyOfOrg(testbed: SyncTestbed, user: TestUser, orgId: string): Promise<void> {
  expectSameContacts(await readLocalContacts(testbed.product.pool, user.id, 'salesforce'), await readSalesforceTruth(testbed, orgId));
}
