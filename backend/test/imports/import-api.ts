import type { TImport, TImportResponse } from '@voiceagent/shared';
import { expect } from 'vitest';
import type { SyncTestbed } from '../crm/sync/sync-testbed';
import type { TestUser } from '../support/test-users';

export type ImportAnswer = TImportResponse & { error?: { code: string; message: string } };

/** The CSV import's API as the import tests call it, against the testbed their beforeAll starts (read when called). */
export function importApi(testbedOf: () => SyncTestbed) {
  return {
    /** POST /crm/:platform/imports with `csv` as the multipart file `contacts.csv`. */
    async upload(user: TestUser, csv: string | Uint8Array, platform = 'hubspot'): Promise<{ status: number; body: ImportAnswer; location: string | null }> {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'contacts.csv');
      const res = await testbedOf().api(user, `/crm/${platform}/imports`, { method: 'POST', body: form });
      return { status: res.status, body: (await res.json()) as ImportAnswer, location: res.headers.get('location') };
    },

    /** Polls GET /imports/:id until the import has finished. */
    async waitForEnd(user: TestUser, id: string, timeoutMs = 60_000): Promise<TImport> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const res = await testbedOf().api(user, `/imports/${id}`);
        expect(res.status).toBe(200);
        const { import: job } = (await res.json()) as TImportResponse;
        if (job.finishedAt) return job;
        if (Date.now() > deadline) throw new Error(`import still ${job.status} after ${timeoutMs} ms: ${JSON.stringify({ ...job, preview: undefined })}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    /** Until none of the user's syncs (the one an import queues at its end) is queued or running. */
    async waitForSyncsIdle(user: TestUser): Promise<void> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const { rows } = await testbedOf().product.pool.query(`select count(*)::int as n from public.sync_runs where user_id = $1 and status in ('queued', 'running')`, [user.id]);
        if (rows[0].n === 0) return;
        if (Date.now() > deadline) throw new Error('syncs still running');
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    /** How many contacts the sandbox HubSpot portal holds now. */
    hubspotContactCount: () => testbedOf().hubspot.admin.getAccount(testbedOf().portalId).contactCount,
  };
}
