import { Worker } from 'node:worker_threads';
import { summarizeLatencies, type Latencies } from './latencies';

export type HttpLoad = { baseUrl: string; paths: string[]; headers: Record<string, string>; connections: number; durationSeconds: number };

export type HttpResult = { latencies: Latencies; requests: number; seconds: number; errors: number; non2xx: number };

type WorkerReport = { responseTimes: number[]; seconds: number; errors: number; non2xx: number };

/**
 * Drives the API with autocannon from a worker thread: the product runs in this thread, and a
 * load generator sharing its event loop would measure itself as much as the server.
 */
export function measureHttp(load: HttpLoad): Promise<HttpResult> {
  const worker = new Worker(new URL('./autocannon-worker.mjs', import.meta.url), { workerData: load });
  return new Promise((resolve, reject) => {
    worker.once('message', (report: WorkerReport) =>
      resolve({ latencies: summarizeLatencies(report.responseTimes), requests: report.responseTimes.length, seconds: report.seconds, errors: report.errors, non2xx: report.non2xx }),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`autocannon worker exited with ${code}`));
    });
  });
}
