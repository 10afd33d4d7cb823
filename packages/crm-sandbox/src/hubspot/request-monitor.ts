export type RequestLogEntry = {
  at: string;
  method: string;
  /** The route with ids and tokens replaced by placeholders: tokens never reach the log. */
  endpoint: string;
  status: number;
  durationMs: number;
  portalId: number | null;
  fault: string | null;
};

/** Path shapes whose variable segment is replaced, most specific first. */
const ROUTE_SHAPES: [RegExp, string][] = [
  [/^\/oauth\/v1\/access-tokens\/[^/]+$/, '/oauth/v1/access-tokens/:token'],
  [/^\/oauth\/v1\/refresh-tokens\/[^/]+$/, '/oauth/v1/refresh-tokens/:token'],
  [/^\/crm\/v3\/objects\/(contacts|calls)\/(?!search$|batch$)[^/]+$/, '/crm/v3/objects/$1/:id'],
];

/** Counts requests per endpoint and keeps the latest ones in a bounded ring buffer. */
export class RequestMonitor {
  private readonly perEndpoint = new Map<string, number>();
  private readonly statuses = new Map<number, number>();
  private readonly faults = new Map<string, number>();
  private readonly log: RequestLogEntry[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  record(entry: RequestLogEntry): void {
    const key = `${entry.method} ${entry.endpoint}`;
    this.perEndpoint.set(key, (this.perEndpoint.get(key) ?? 0) + 1);
    this.statuses.set(entry.status, (this.statuses.get(entry.status) ?? 0) + 1);
    if (entry.fault !== null) this.faults.set(entry.fault, (this.faults.get(entry.fault) ?? 0) + 1);
    if (this.capacity === 0) return;
    if (this.log.length < this.capacity) this.log.push(entry);
    else this.log[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** The newest `limit` entries, oldest first. */
  entries(limit = this.capacity): RequestLogEntry[] {
    const ordered = this.log.length < this.capacity ? [...this.log] : [...this.log.slice(this.next), ...this.log.slice(0, this.next)];
    return ordered.slice(Math.max(0, ordered.length - limit));
  }

  counts(): { requests: Record<string, number>; statuses: Record<string, number>; faults: Record<string, number> } {
    return {
      requests: Object.fromEntries(this.perEndpoint),
      statuses: Object.fromEntries([...this.statuses].map(([status, count]) => [String(status), count])),
      faults: Object.fromEntries(this.faults),
    };
  }
}

/** The endpoint a path belongs to, safe to log: ids and tokens become placeholders, the query is dropped. */
export function describeEndpoint(path: string): string {
  for (const [shape, replacement] of ROUTE_SHAPES) if (shape.test(path)) return path.replace(shape, replacement);
  return path;
}
