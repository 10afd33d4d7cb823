import autocannon from 'autocannon';
import type { Result } from 'autocannon';

export type LoadSettings = { connections: number; durationSeconds: number };

export type Target = {
  label: string;
  baseUrl: string;
  /** Cycled through by every connection, so the load visits varying offsets. */
  paths: string[];
  headers?: Record<string, string>;
};

export type Measurement = {
  label: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  non2xx: number;
};

/**
 * Drives the target from a worker thread: the sandbox under test runs in this process's main
 * thread, and a load generator sharing that event loop would measure itself as much as the server.
 */
export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
  const result: Result = await autocannon({
    url: target.baseUrl,
    connections: settings.connections,
    duration: settings.durationSeconds,
    workers: 1,
    headers: target.headers ?? {},
    requests: target.paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    label: target.label,
    // Completed responses over the wall-clock duration: the figure a caller of the sandbox sees.
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Every path once, in order, failing loudly: a benchmark of error responses would be worthless. */
export async function checkPaths(target: Target): Promise<void> {
  for (const path of target.paths) {
    const response = await fetch(`${target.baseUrl}${path}`, { headers: target.headers });
    if (response.status !== 200) throw new Error(`${target.label}: GET ${path} answered ${response.status}: ${await response.text()}`);
    await response.arrayBuffer();
  }
}

export function formatTable(rows: Measurement[]): string {
  const header = ['endpoint', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'of which timeouts', 'non-2xx'];
  const cells = rows.map((row) => [row.label, row.requestsPerSecond.toFixed(0), String(row.p50Ms), String(row.p99Ms), String(row.errors), String(row.timeouts), String(row.non2xx)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (values: string[]) => values.map((value, column) => (column === 0 ? value.padEnd(widths[column]!) : value.padStart(widths[column]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
