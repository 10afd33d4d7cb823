import { performance } from 'node:perf_hooks';
import { summarizeLatencies, type Latencies } from './latencies';

export type SqlResult = { latencies: Latencies; requests: number; seconds: number };

/**
 * The floor: `clients` loops calling `run` back to back for `durationSeconds`, each on its own
 * pool connection, with nothing of HTTP, Express or JSON in between.
 */
export async function measureSql(run: (i: number) => Promise<unknown>, clients: number, durationSeconds: number): Promise<SqlResult> {
  const samples: number[] = [];
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = client; performance.now() < deadline; i += clients) {
        const t0 = performance.now();
        await run(i);
        samples.push(performance.now() - t0);
      }
    }),
  );
  return { latencies: summarizeLatencies(samples), requests: samples.length, seconds: (performance.now() - started) / 1000 };
}
