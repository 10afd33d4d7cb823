// Runs every benchmark in sequence, each in its own process, so one benchmark's servers, caches
// and heap never colour the next one's figures. Add new benchmarks to BENCHMARKS.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHMARKS = ['crm-sandbox/run.ts', 'contacts-api/run.ts', 'sync/run.ts', 'sync/hubspot-incremental.ts', 'sync/hubspot-shared-budget.ts', 'sync/write-path.ts', 'sync/search-after-sync.ts', 'sync/custom-fields.ts', 'sync/live-events-cost.ts', 'sync/contact-rollups-cost.ts', 'sync/salesforce.ts', 'writeback/run.ts', 'load/run.ts', 'segments/run.ts', 'queue/run.ts', 'realtime/run.ts', 'analytics/run.ts', 'campaigns-list/run.ts'];

function runBenchmark(file: string): Promise<number> {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit', cwd: fileURLToPath(new URL('.', import.meta.url)) });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let failed = 0;
for (const file of BENCHMARKS) {
  console.log(`\n=== ${file} ===`);
  const code = await runBenchmark(file);
  if (code !== 0) {
    console.error(`${file} exited with ${code}`);
    failed += 1;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
