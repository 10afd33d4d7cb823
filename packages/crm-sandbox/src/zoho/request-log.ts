export type RequestLogEntry = {
  at: string;
  method: string;
  dataCentre: string;
  endpoint: string;
  /** The path and query with secrets (code, tokens, client_secret) replaced by "[redacted]". */
  path: string;
  status: number;
  durationMs: number;
};

const SECRET_PARAMS = ['code', 'token', 'refresh_token', 'access_token', 'client_secret', 'page_token'];

/** The last N requests, oldest dropped first. Tokens and secrets never enter it. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity: number) {}

  push(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest last; `limit` keeps the most recent ones. */
  list(limit?: number): RequestLogEntry[] {
    return limit === undefined ? [...this.entries] : this.entries.slice(-limit);
  }

  clear(): void {
    this.entries = [];
  }
}

export function redactUrl(url: string): string {
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  if (query === undefined) return path;
  const params = new URLSearchParams(query);
  for (const name of SECRET_PARAMS) if (params.has(name)) params.set(name, '[redacted]');
  return `${path}?${params.toString()}`;
}

/** "METHOD /zoho/path" with numeric ids folded, so counters group by endpoint. */
export function endpointOf(method: string, zohoPath: string): string {
  const path = zohoPath.split('?')[0]?.replace(/\/\d{6,}(?=\/|$)/g, '/{id}') ?? '';
  return `${method} ${path}`;
}
