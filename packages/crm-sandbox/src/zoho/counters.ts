/** What the sandbox has served, for tests and benchmarks to assert on. Never holds a token. */
export class SandboxCounters {
  requests = new Map<string, number>();
  byDataCentre = new Map<string, number>();
  statuses = new Map<number, number>();
  tooManyRequests = 0;
  accessTokensMinted = 0;
  refreshTokensMinted = 0;
  faultsInjected = 0;

  countRequest(endpoint: string, dataCentre: string, status: number): void {
    this.requests.set(endpoint, (this.requests.get(endpoint) ?? 0) + 1);
    this.byDataCentre.set(dataCentre, (this.byDataCentre.get(dataCentre) ?? 0) + 1);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status === 429) this.tooManyRequests++;
  }

  /** `callsCreated`: calls inserted in every org, which the counters do not hold themselves. */
  snapshot(callsCreated = 0): CountersSnapshot {
    return {
      requests: Object.fromEntries(this.requests),
      requestsByDataCentre: Object.fromEntries(this.byDataCentre),
      statuses: Object.fromEntries([...this.statuses].map(([status, n]) => [String(status), n])),
      tooManyRequests: this.tooManyRequests,
      accessTokensMinted: this.accessTokensMinted,
      refreshTokensMinted: this.refreshTokensMinted,
      faultsInjected: this.faultsInjected,
      callsCreated,
    };
  }
}

export type CountersSnapshot = {
  /** Keyed by "METHOD /path" with ids replaced by {id}, e.g. "GET /crm/v8/Contacts". */
  requests: Record<string, number>;
  requestsByDataCentre: Record<string, number>;
  /** Status 0 means the connection was reset or abandoned before a response. */
  statuses: Record<string, number>;
  tooManyRequests: number;
  accessTokensMinted: number;
  refreshTokensMinted: number;
  faultsInjected: number;
  /** Calls inserted (one by one or in batches) in every org. */
  callsCreated: number;
};
