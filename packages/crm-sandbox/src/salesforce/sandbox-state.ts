import { FaultInjector } from '../zoho/faults';
import {
  DEFAULT_BULK_TIMING,
  DEFAULT_DAILY_API_LIMIT,
  DEFAULT_MAX_QUERY_LOCATORS,
  DEFAULT_PERSON_CACHE_LIMIT,
  DEFAULT_QUERY_LOCATOR_TTL_MS,
  DEFAULT_SESSION_TIMEOUT_SECONDS,
  DEFAULT_SHARED_SEED,
  SALESFORCE_DEFAULT_APP,
  SALESFORCE_DEFAULT_ORGS,
} from './defaults';
import { createOrg } from './org';
import type { SalesforceOrg } from './org';
import { RequestMonitor } from './request-monitor';
import type { PkceChallenge } from '../common/pkce';
import { TokenStore } from './token-store';
import type { SalesforceAppConfig, SalesforceBulkTiming, SalesforceSandboxOptions } from './types';

export type ConsentRequest = { clientId: string; redirectUri: string; state: string | null; scope: string; pkce: PkceChallenge | null; loginOrigin: string; expiresAtMs: number };

/** Which origin answered: a login host, or an org's instance (also its My Domain login host). */
export type OriginRole = { kind: 'login' } | { kind: 'test' } | { kind: 'instance'; org: SalesforceOrg };

/** Everything one sandbox holds; `reset()` returns it to what the options describe (origins stay). */
export class SalesforceSandboxState {
  readonly sharedSeed: number;
  readonly bulkTiming: SalesforceBulkTiming;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly monitor: RequestMonitor;
  readonly locatorTtlMs: number;
  readonly maxLocators: number;
  readonly apps = new Map<string, Required<SalesforceAppConfig>>();
  orgs: SalesforceOrg[] = [];
  readonly consents = new Map<string, ConsentRequest>();
  loginUrl = '';
  testLoginUrl = '';
  private clockOffsetMs = 0;

  constructor(private readonly options: SalesforceSandboxOptions) {
    this.sharedSeed = options.sharedSeed ?? DEFAULT_SHARED_SEED;
    this.bulkTiming = { ...DEFAULT_BULK_TIMING, ...options.bulk };
    this.tokens = new TokenStore(() => this.now());
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    this.monitor = new RequestMonitor(options.requestLogSize ?? 1000);
    this.locatorTtlMs = options.queryLocatorTtlMs ?? DEFAULT_QUERY_LOCATOR_TTL_MS;
    this.maxLocators = options.maxQueryLocators ?? DEFAULT_MAX_QUERY_LOCATORS;
    this.seed();
  }

  now(): number {
    return (this.options.now ?? Date.now)() + this.clockOffsetMs;
  }

  advanceClock(ms: number): number {
    this.clockOffsetMs += ms;
    return this.now();
  }

  /** Moves the sandbox clock to an instant (the injected clock keeps running under it). */
  setClock(ms: number): number {
    this.clockOffsetMs += ms - this.now();
    return this.now();
  }

  findOrg(id: string): SalesforceOrg | undefined {
    return this.orgs.find((org) => org.id === id || org.id.slice(0, 15) === id);
  }

  /** Orgs whose users may sign in at this origin. */
  orgsAt(role: OriginRole): SalesforceOrg[] {
    if (role.kind === 'instance') return [role.org];
    return this.orgs.filter((org) => org.isSandbox === (role.kind === 'test'));
  }

  originOf(role: OriginRole): string {
    return role.kind === 'login' ? this.loginUrl : role.kind === 'test' ? this.testLoginUrl : role.org.instanceUrl;
  }

  reset(): void {
    const urls = this.orgs.map((org) => org.instanceUrl);
    this.tokens.clear();
    this.faults.clear();
    this.monitor.clear();
    this.consents.clear();
    this.apps.clear();
    this.clockOffsetMs = 0;
    this.seed();
    this.orgs.forEach((org, i) => (org.instanceUrl = urls[i] ?? ''));
  }

  private seed(): void {
    for (const app of this.options.apps ?? [SALESFORCE_DEFAULT_APP]) {
      this.apps.set(app.clientId, { requirePkce: true, rotateRefreshTokens: false, ...app, redirectUris: [...app.redirectUris] });
    }
    const defaults = {
      sharedSeed: this.sharedSeed,
      dailyApiLimit: DEFAULT_DAILY_API_LIMIT,
      sessionTimeoutSeconds: DEFAULT_SESSION_TIMEOUT_SECONDS,
      personCacheLimit: this.options.personCacheLimit ?? DEFAULT_PERSON_CACHE_LIMIT,
    };
    this.orgs = (this.options.orgs ?? SALESFORCE_DEFAULT_ORGS).map((config, index) => createOrg(index, config, defaults, () => this.now()));
  }
}
