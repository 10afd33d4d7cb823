import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestProduct, type TestProduct } from '../support/start-test-product';
import { signUpTestUser, type TestUser } from '../support/test-users';

/**
 * A large export against the real app: 200,000 contacts seeded by SQL, read back through the
 * HTTP endpoint as a stream. Memory stays flat (the heap grows by far less than the file), the
 * first bytes come while the cursor is still open, and a client that leaves, or a database error
 * half-way, ends the transaction and hands its client back. Nothing here is timed but the
 * generous deadlines of the polls.
 */
const CONTACTS = 200_000;
// The file is ~25 MB; its rows as objects would be several times that. Streaming holds a few
// cursor batches and socket buffers: a few MB, plus what the garbage collector has not yet taken.
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;
// The export's statement, as pg_stat_activity shows it: its first column's alias.
const EXPORT_STATEMENT = 'select %as c0%';

let product: TestProduct;
let user: TestUser;

beforeAll(async () => {
  product = await startTestProduct({ CRM_SANDBOX: 'off', SYNC_WORKERS: 'off', RATE_LIMIT_PER_MINUTE_USER: '0' });
  user = await signUpTestUser(product);
  // This file's own database: the trigram indexes serve search only, which no export here uses,
  // and building them for 200,000 rows would take most of the file's time.
  await product.pool.query('drop index public.crm_contacts_search_text_trgm_idx, public.crm_contacts_phone_digits_trgm_idx');
  const seeding = Date.now();
  await product.pool.query(
    `insert into public.crm_contacts (user_id, platform, external_id, first_name, last_name, email, phone, phone_e164, company, job_title,
       lifecycle_stage, crm_updated_at)
     select $1, case when n % 3 = 0 then 'zoho' else 'hubspot' end, 'big-' || n, 'First' || (n % 997), 'Last' || lpad(n::text, 6, '0'),
            'person' || n || '@example.test', '+1 415 555 ' || lpad((n % 10000)::text, 4, '0'), '+1415555' || lpad((n % 10000)::text, 4, '0'),
            'Company ' || (n % 5000) || ', Inc', 'Title ' || (n % 50), 'customer', now() - make_interval(mins => n)
     from generate_series(1, $2::int) n`,
    [user.id, CONTACTS],
  );
  await product.pool.query('analyze public.crm_contacts');
  console.info(`seeded ${CONTACTS} contacts in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
}, 120_000);
afterAll(async () => {
  await product?.close();
});

type Download = { response: http.IncomingMessage; request: http.ClientRequest };

/** Opens the export and resolves once its head has arrived; the body is left to the caller. */
function openExport(query = ''): Promise<Download> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${product.url}/api/v1/crm/contacts/export${query}`, { headers: user.authorization }, (response) => resolve({ response, request }));
    request.once('error', reject);
  });
}

/** The first chunk of the body; the stream is paused after it. */
function readFirstChunk(response: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    response.once('data', (chunk: Buffer) => {
      response.pause();
      resolve(chunk);
    });
    response.once('error', reject);
  });
}

async function countExportSessions(): Promise<{ open: number; pid: number | null }> {
  const { rows } = await product.pool.query<{ pid: number; state: string }>(
    `select pid, state from pg_stat_activity where query like $1 and pid <> pg_backend_pid() and state <> 'idle'`,
    [EXPORT_STATEMENT],
  );
  return { open: rows.length, pid: rows[0]?.pid ?? null };
}

/** Polls until `check` holds (a generous deadline, for slow machines). */
async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const checkedOutClients = () => product.pool.totalCount - product.pool.idleCount;

describe('GET /api/v1/crm/contacts/export of 200,000 contacts', () => {
  it('sends the first bytes while the cursor is still open, then every row, in flat memory', async () => {
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 10);
    try {
      const { response } = await openExport();
      expect(response.statusCode).toBe(200);
      const first = await readFirstChunk(response);
      expect(first.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
      // The client holds the first bytes only: the statement is suspended mid-way, its transaction open.
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await countExportSessions()).open).toBe(1);

      let lines = countLines(first);
      let bytes = first.length;
      let last = '';
      response.on('data', (chunk: Buffer) => {
        lines += countLines(chunk);
        bytes += chunk.length;
        last = Buffer.concat([Buffer.from(last), chunk]).subarray(-400).toString('utf8');
      });
      response.resume();
      await new Promise((resolve, reject) => response.once('end', resolve).once('error', reject));

      expect(lines).toBe(CONTACTS + 1);
      // Name order ends with the last of the last names.
      expect(last).toMatch(/"First\d+ Last200000"[^\n]*\r\n$/);
      expect(peak - baseline, `heap grew by ${Math.round((peak - baseline) / 1e6)} MB for a ${Math.round(bytes / 1e6)} MB file`).toBeLessThan(HEAP_GROWTH_LIMIT);
      expect(bytes).toBeGreaterThan(HEAP_GROWTH_LIMIT / 4);
      console.info(`export of ${CONTACTS} contacts: ${Math.round(bytes / 1e6)} MB; heap grew by at most ${Math.round((peak - baseline) / 1e6)} MB`);
    } finally {
      clearInterval(sampler);
    }
    await waitFor('the export’s transaction has ended', async () => (await countExportSessions()).open === 0);
  });

  it('ends the transaction and hands the database client back when the client leaves half-way', async () => {
    await waitFor('no client is checked out', () => checkedOutClients() === 0);
    const { response, request } = await openExport('?columns=name,email,phone,company');
    await readFirstChunk(response);
    expect(checkedOutClients()).toBe(1);
    await waitFor('the export’s statement runs', async () => (await countExportSessions()).open === 1);

    request.destroy();
    await waitFor('the export’s client is back in the pool', () => checkedOutClients() === 0);
    await waitFor('the export’s transaction has ended', async () => (await countExportSessions()).open === 0);
    // The pool still works, and the server still answers.
    expect((await fetch(`${product.url}/readyz`)).status).toBe(200);
  });

  // Paused: the cursor waits between fetches when the connection dies. Reading: a fetch is under
  // way, so Postgres's FATAL message reaches the cursor as a query error before the socket closes.
  it.each(['paused', 'reading'] as const)(
    'cuts the response when the database fails half-way (the client %s): a truncated transfer, never a complete file',
    async (client) => {
      const { response } = await openExport('?columns=name,email');
      expect(response.statusCode).toBe(200);
      let lines = 0;
      response.on('data', (chunk: Buffer) => (lines += countLines(chunk)));
      const outcome = new Promise<string>((resolve) => {
        response.once('end', () => resolve(response.complete ? 'complete' : 'truncated'));
        response.once('error', (error) => resolve(`error: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
        response.once('aborted', () => resolve('aborted'));
        response.once('close', () => resolve(response.complete ? 'complete' : 'closed early'));
      });
      if (client === 'paused') response.pause();
      // The header goes out before the cursor's first fetch: wait for the statement itself.
      let pid: number | null = null;
      await waitFor('the export’s statement runs', async () => (pid = (await countExportSessions()).pid) !== null);
      await product.pool.query('select pg_terminate_backend($1)', [pid]);
      response.resume();

      expect(await outcome).not.toBe('complete');
      expect(lines).toBeLessThan(CONTACTS);
      await waitFor('the broken client has left the pool', () => checkedOutClients() === 0);
      expect((await fetch(`${product.url}/readyz`)).status).toBe(200);
    },
  );
});

function countLines(chunk: Buffer): number {
  let count = 0;
  for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count += 1;
  return count;
}
