// How many 100-contact pages per second each CRM sandbox serves from a 1,000,000-contact
// account, beside a trivial endpoint of the same server, so the sandbox is known never to be the
// bottleneck of our own benchmarks. Printed, never asserted: the figures depend on the machine.
import { availableParallelism, loadavg } from 'node:os';
import { checkPaths, formatTable, measure } from './load';
import type { LoadSettings, Measurement } from './load';
import { CONTACTS, startHubSpotBench, startZohoBench } from './targets';
import type { BenchSandbox } from './targets';
import { readPositiveInt } from '../support/bench-env';

const settings: LoadSettings = {
  connections: readPositiveInt('BENCH_CONNECTIONS', 50),
  durationSeconds: readPositiveInt('BENCH_DURATION_SECONDS', 10),
};
const WARM_UP_SECONDS = 2;

async function benchmark(start: () => Promise<BenchSandbox>): Promise<Measurement[]> {
  const sandbox = await start();
  try {
    // First requests build lazy indexes (Zoho's seeded sort order) and JIT the hot paths.
    await checkPaths(sandbox.page);
    await checkPaths(sandbox.reference);
    await measure(sandbox.page, { ...settings, durationSeconds: WARM_UP_SECONDS });
    const page = await measure(sandbox.page, settings);
    const reference = await measure(sandbox.reference, settings);
    return [page, reference];
  } finally {
    await sandbox.close();
  }
}

// The load average says how far to trust the figures: on a shared machine the tail moves most.
console.log(
  `crm-sandbox: 100-contact pages from a ${CONTACTS.toLocaleString('en')}-contact account, ` +
    `autocannon ${settings.connections} connections, ${settings.durationSeconds} s each, node ${process.version}, ` +
    `${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)}\n`,
);
for (const start of [startHubSpotBench, startZohoBench]) {
  const [page, reference] = await benchmark(start);
  console.log(formatTable([page!, reference!]));
  console.log(`page ÷ reference: ${(page!.requestsPerSecond / reference!.requestsPerSecond).toFixed(3)}\n`);
}
