// Issue 20, item 4: where the API's time goes beyond the service's. One client asks for the
// plain list (or BENCH_SCENARIO=search) for BENCH_DURATION_SECONDS while V8's sampling profiler
// runs on the thread that serves it; the samples are summed by where their code lives (a package,
// or a folder of ours) and by function. It also counts the statements the product sends per
// request. Same data as contacts-api/run.ts (BENCH_SCALE=10 for a tenth; DATABASE_URL with
// BENCH_CONTACTS_USER reuses an earlier run's data). Printed, never asserted.
import { writeFile } from 'node:fs/promises';
import { Session, type Profiler } from 'node:inspector/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { measureHttp } from './measure-http';
import { seedContacts, seedCustomMappings } from './seed-contacts';
import { startBenchProduct } from '../support/bench-product';
import { signInBenchUser, signUpBenchUser } from '../support/bench-user';

const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
const DURATION_SECONDS = Number(process.env.BENCH_DURATION_SECONDS ?? 10) || 10;
const SCENARIO = process.env.BENCH_SCENARIO ?? 'list';
const QUERIES: Record<string, string[]> = {
  list: ['limit=50'],
  search: ['garcia', 'kowalski', 'hooli'].map((q) => `limit=50&q=${q}`),
};
const TOP = 25;

const bench = await startBenchProduct({ name: 'profile' });
const { product } = bench;
// Every statement the product's clients send, counted on their class (the pool's clients share it;
// the bench has no pg of its own to patch).
let statements = 0;
const probe = await product.pool.connect();
const clientClass = Object.getPrototypeOf(probe) as { query: (...args: unknown[]) => unknown };
probe.release();
const sendQuery = clientClass.query;
clientClass.query = function countedQuery(this: unknown, ...args: unknown[]) {
  statements += 1;
  return sendQuery.apply(this, args);
};
const session = new Session();
try {
  const reusedEmail = process.env.DATABASE_URL ? process.env.BENCH_CONTACTS_USER : undefined;
  const user = reusedEmail ? await signInBenchUser(product.url, reusedEmail) : await signUpBenchUser(product.url);
  if (!reusedEmail) {
    await seedContacts(product.pool, { bigUserId: user.id, bigUserContacts: 200_000 / SCALE, otherUsers: 999, otherContacts: 800_000 / SCALE });
    await seedCustomMappings(product.pool, user.id);
  }
  const queries = QUERIES[SCENARIO];
  if (!queries) throw new Error(`BENCH_SCENARIO must be one of ${Object.keys(QUERIES).join(', ')}`);
  const load = { baseUrl: product.url, paths: queries.map((q) => `/api/v1/crm/contacts?${q}`), headers: { authorization: `Bearer ${user.token}` }, connections: 1 };
  await measureHttp({ ...load, durationSeconds: 2 });

  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const before = statements;
  const result = await measureHttp({ ...load, durationSeconds: DURATION_SECONDS });
  const { profile } = await session.post('Profiler.stop');
  const perRequest = (statements - before) / result.requests;

  const profilePath = path.join(tmpdir(), `voiceagent-api-${SCENARIO}.cpuprofile`);
  await writeFile(profilePath, JSON.stringify(profile));
  const { byPlace, byFunction, busyMs, totalMs } = summarise(profile);
  const perRequestMs = (ms: number) => (ms / result.requests).toFixed(3);
  console.log(
    `profile-api: ${SCENARIO}, 1 client, ${result.requests} requests in ${result.seconds} s (p50 ${result.latencies.p50.toFixed(1)} ms); ` +
      `statements per request ${perRequest.toFixed(1)}; this thread busy ${((busyMs / totalMs) * 100).toFixed(0)}% ` +
      `(${perRequestMs(busyMs)} ms a request); node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  const table = (title: string, rows: [string, number][]) => {
    console.log(`${title} (ms per request, share of the busy time)`);
    for (const [name, ms] of rows.slice(0, TOP)) console.log(`  ${perRequestMs(ms).padStart(7)}  ${((ms / busyMs) * 100).toFixed(1).padStart(5)}%  ${name}`);
    console.log('');
  };
  table('by place', byPlace);
  table('by function', byFunction);
  console.log(`the whole profile: ${profilePath} (open it in Chrome's DevTools)`);
} finally {
  session.disconnect();
  await bench.stop();
}

/** Self time summed by where the code lives and by function; idle time is left out of "busy". */
function summarise(profile: Profiler.Profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  profile.samples?.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  const byPlace = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busyMs = 0;
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const { callFrame } = nodes.get(id)!;
    totalMs += ms;
    if (callFrame.functionName === '(idle)') continue;
    busyMs += ms;
    const place = placeOf(callFrame.url, callFrame.functionName);
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
    const fn = `${callFrame.functionName || '(anonymous)'} ${place}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
  return { byPlace: sorted(byPlace), byFunction: sorted(byFunction), busyMs, totalMs };
}

function placeOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/@]+)(?:\/(?!node_modules)|$)/.exec(url.split('node_modules/.pnpm/').pop()!.replace(/^[^/]+\/node_modules\//, 'node_modules/'));
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const ours = /(backend|packages\/[^/]+)\/src\/(.*)\/[^/]+$/.exec(url);
  return ours ? `${ours[1]}/src/${ours[2]}` : url.replace(/^file:\/\//, '');
}
