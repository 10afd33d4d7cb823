// Issue 20, item 4: how much of a 50-row contacts page's API time is serialisation. The API's
// single-client p50 for the plain list (unified view, duplicate groups on), beside what the
// response costs in this process once its rows are read: mapping the rows to the contract's DTO
// (toContactDto), JSON.stringify of the page, and the weak ETag Express hashes over that body.
// Same data as contacts-api/run.ts (BENCH_SCALE=10 for a tenth). Printed, never asserted.
import { createHash } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { listContactRowsCounted, type ContactPage } from '@voiceagent/backend/crm/contacts/contacts-repository';
import { toContactDto } from '@voiceagent/backend/crm/contacts/to-contact-dto';
import { withUser } from '@voiceagent/backend/db/transactions';
import { measureHttp } from './measure-http';
import { seedContacts } from './seed-contacts';
import { startBenchProduct } from '../support/bench-product';
import { signUpBenchUser } from '../support/bench-user';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10) || 10;
const ITERATIONS = 5_000;

const bench = await startBenchProduct({ name: 'serialisation' });
const { product } = bench;
try {
  const user = await signUpBenchUser(product.url);
  await seedContacts(product.pool, { bigUserId: user.id, bigUserContacts: 200_000 / SCALE, otherUsers: 999, otherContacts: 800_000 / SCALE });

  const headers = { authorization: `Bearer ${user.token}` };
  const load = { baseUrl: product.url, paths: ['/api/v1/crm/contacts?limit=50'], headers, connections: 1 };
  await measureHttp({ ...load, durationSeconds: 2 });
  const api = await measureHttp({ ...load, durationSeconds: DURATION_SECONDS });

  // The rows the route reads for that page, read once; then only what is done with them is timed.
  const claims = { sub: user.id, role: 'authenticated' as const, aud: 'authenticated', email: user.email };
  const page: ContactPage = { filters: { kind: 'list', userId: user.id, includeDeleted: false, platforms: null, search: null, tree: null }, sort: 'name', after: null, limit: 50, withDuplicates: true };
  const { rows, counts } = await withUser(product.pool, claims, (db) => listContactRowsCounted(db, page));
  const pageRows = rows.slice(0, 50);
  const time = (fn: () => unknown) => {
    for (let i = 0; i < 500; i++) fn();
    const started = performance.now();
    for (let i = 0; i < ITERATIONS; i++) fn();
    return (performance.now() - started) / ITERATIONS;
  };
  const mapMs = time(() => pageRows.map((row) => toContactDto(row, user.id)));
  const response = { view: 'unified', items: pageRows.map((row) => toContactDto(row, user.id)), nextCursor: 'x'.repeat(120), counts };
  const stringifyMs = time(() => JSON.stringify(response));
  const body = JSON.stringify(response);
  // Express's default weak ETag: sha1 of the body (the etag package).
  const etagMs = time(() => createHash('sha1').update(body, 'utf8').digest('base64'));
  const withGroups = pageRows.filter((row) => row.duplicate_key !== null).length;

  const p50 = api.latencies.p50;
  const share = (ms: number) => `${ms.toFixed(3)} ms (${((ms / p50) * 100).toFixed(1)} % of the API p50)`;
  console.log(
    `contacts page serialisation on ${availableParallelism()} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}: ` +
      `${(200_000 / SCALE).toLocaleString('en')} contacts of the user, a page of ${pageRows.length} rows (${withGroups} with a duplicate group), body ${(body.length / 1024).toFixed(1)} KiB`,
  );
  console.log(`  API, 1 client: p50 ${p50.toFixed(2)} ms, p95 ${api.latencies.p95.toFixed(2)} ms (${api.requests} requests)`);
  console.log(`  DTO mapping (toContactDto × ${pageRows.length}): ${share(mapMs)}`);
  console.log(`  JSON.stringify of the page:     ${share(stringifyMs)}`);
  console.log(`  weak ETag (sha1 of the body):   ${share(etagMs)}`);
  console.log(`  together:                       ${share(mapMs + stringifyMs + etagMs)}`);
} finally {
  await bench.stop();
}
