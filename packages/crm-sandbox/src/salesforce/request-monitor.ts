export type SalesforceRequestLogEntry = {
  at: string;
  method: string;
  /** The route with ids, versions and locators replaced by placeholders; tokens never reach the log. */
  endpoint: string;
  status: number;
  durationMs: number;
  /** The org whose instance answered, or 'login' / 'test' for the login origins. */
  origin: string;
};

const SHAPES: [RegExp, string][] = [
  [/\/v\d+\.\d/, '/vXX.X'],
  [/\/query\/[^/]+$/, '/query/{locator}'],
  [/\/sobjects\/(\w+)\/(?!describe|updated|deleted)[a-zA-Z0-9]{15,18}$/, '/sobjects/$1/{id}'],
  [/\/jobs\/query\/[a-zA-Z0-9]{15,18}/, '/jobs/query/{id}'],
  [/^\/id\/.*/, '/id/{orgId}/{userId}'],
];

/** Counts requests per endpoint and status, and keeps the latest ones in a bounded buffer. */
export class RequestMonitor {
  private perEndpoint = new Map<string, number>();
  private statuses = new Map<number, number>();
  private log: SalesforceRequestLogEntry[] = [];

  constructor(private readonly capacity: number) {}

  record(entry: SalesforceRequestLogEntry): void {
    const key = `${entry.method} ${entry.endpoint}`;
    this.perEndpoint.set(key, (this.perEndpoint.get(key) ?? 0) + 1);
    this.statuses.set(entry.status, (this.statuses.get(entry.status) ?? 0) + 1);
    this.log.push(entry);
    if (this.log.length > this.capacity) this.log.splice(0, this.log.length - this.capacity);
  }

  entries(limit?: number): SalesforceRequestLogEntry[] {
    return limit === undefined ? [...this.log] : this.log.slice(-limit);
  }

  counts(): { requests: Record<string, number>; statuses: Record<string, number> } {
    return { requests: Object.fromEntries(this.perEndpoint), statuses: Object.fromEntries([...this.statuses].map(([s, n]) => [String(s), n])) };
  }

  clear(): void {
    this.perEndpoint = new Map();
    this.statuses = new Map();
    this.log = [];
  }
}

export function describeEndpoint(path: string): string {
  let shaped = path.split('?')[0] ?? '';
  for (const [shape, replacement] of SHAPES) shaped = shaped.replace(shape, replacement);
  return shaped;
}
