// GET /api/v1/segments for a user holding 200,000 contacts and a page of 20 segments: each
// segment is counted live (its filter run now); those counted row by row (a tree) share one pass
// over the user's rows, searches and kept counts go their own way. Prints the page's latency, one
// segment's, and the slowest segments'. Printed, never asserted.
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { SEGMENTS_PAGE_MAX, type TContactListFilter, type TSegment, type TSegmentListResponse } from '@voiceagent/shared';
import { seedContacts } from '../contacts-api/seed-contacts';
import { startBenchProduct } from '../support/bench-product';
import { signUpBenchUser } from '../support/bench-user';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const BIG_USER_CONTACTS = 200_000 / SCALE;
const ROUNDS = 5;

// Twenty filters of the kinds people save: trees on standard fields, searches, platform and callable.
const cond = (field: string, operator: string, value?: unknown) => ({ field, operator, ...(value === undefined ? {} : { value }) });
const FILTERS: TContactListFilter[] = [
  { where: cond('company', 'starts_with', 'Acme') },
  { where: cond('lifecycleStage', 'in', ['customer', 'opportunity']) },
  { where: cond('crmUpdatedAt', 'in_last_days', 30) },
  { where: cond('emailDomain', 'eq', 'example.com') },
  { where: cond('jobTitle', 'contains', 'sales') },
  { where: { and: [cond('company', 'eq', 'Globex'), cond('isCallable', 'eq', true)] } },
  { where: { or: [cond('lifecycleStage', 'eq', 'lead'), cond('leadStatus', 'is_not_empty')] } },
  { where: { not: cond('hasEmail', 'eq', true) } },
  { platform: ['hubspot'], callable: true },
  { platform: ['zoho'] },
  { callable: false },
  {},
  { q: 'garcia' },
  { q: 'hooli' },
  { q: 'zoë', callable: true },
  { q: 'smith', where: cond('lifecycleStage', 'eq', 'customer') },
  { platform: ['hubspot'], where: cond('firstName', 'in', ['Mary', 'John', 'Zoë']) },
  { where: { and: [cond('crmCreatedAt', 'in_last_days', 365), cond('company', 'contains', 'Inc')] } },
  { where: cond('lastName', 'starts_with', 'M') },
  { where: { and: [cond('isCallable', 'eq', true), cond('email', 'contains', 'mail.test'), cond('platform', 'eq', 'zoho')] } },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// The product's own default for the background workers (this bench has always run with them).
const bench = await startBenchProduct({ name: 'segments', env: { SYNC_WORKERS: undefined } });
const { product } = bench;
try {
  const user = await signUpBenchUser(product.url);
  await seedContacts(product.pool, { bigUserId: user.id, bigUserContacts: BIG_USER_CONTACTS, otherUsers: 9, otherContacts: 9_000 });
  const headers = { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' };
  const timed = async <T>(method: string, urlPath: string, body?: unknown): Promise<{ ms: number; body: T }> => {
    const t0 = performance.now();
    const res = await fetch(`${product.url}${urlPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const json = (await res.json()) as T;
    if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status}: ${JSON.stringify(json)}`);
    return { ms: performance.now() - t0, body: json };
  };

  const segments: TSegment[] = [];
  for (const [i, filter] of FILTERS.entries()) segments.push((await timed<TSegment>('POST', '/api/v1/segments', { name: `Segment ${i + 1}`, filter })).body);

  await timed('GET', `/api/v1/segments?limit=${SEGMENTS_PAGE_MAX}`); // warm-up: plans and caches
  const pages: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) pages.push((await timed<TSegmentListResponse>('GET', `/api/v1/segments?limit=${SEGMENTS_PAGE_MAX}`)).ms);
  const singles = [];
  for (const segment of segments) {
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) times.push((await timed<TSegment>('GET', `/api/v1/segments/${segment.id}`)).ms);
    singles.push({ filter: JSON.stringify(segment.filter), ms: median(times), total: segment.counts?.total ?? -1 });
  }
  singles.sort((a, b) => b.ms - a.ms);

  console.log(
    `segments: one user with ${BIG_USER_CONTACTS.toLocaleString('en')} contacts, ${segments.length} segments; ` +
      `node ${process.version}, ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`  GET /segments?limit=${SEGMENTS_PAGE_MAX} (every segment counted): median ${median(pages).toFixed(0)} ms, max ${Math.max(...pages).toFixed(0)} ms over ${ROUNDS}`);
  console.log(`  GET /segments/:id: median of medians ${median(singles.map((s) => s.ms)).toFixed(0)} ms; slowest:`);
  for (const single of singles.slice(0, 5)) console.log(`    ${single.ms.toFixed(0).padStart(5)} ms  ${single.total.toLocaleString('en').padStart(8)} matches  ${single.filter}`);
} finally {
  await bench.stop();
}
