import { randomUUID } from 'node:crypto';
import type { PkceChallenge } from '../common/pkce';
import { AppRegistry } from './app-registry';
import { FaultInjector } from './faults';
import type { ResolvedHubSpotOptions } from './options';
import { PortalRegistry } from './portal-registry';
import { RateLimiter } from './rate-limiter';
import { RequestMonitor } from './request-monitor';
import { TokenStore } from './token-store';
import { HubSpotWebhooks } from './webhooks/hubspot-webhooks';
import { ZAppWebhooksInput } from './webhooks/webhook-schemas';

/** A consent page shown but not yet answered; the form posts back only its id. */
export type PendingConsent = {
  id: string;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  optionalScopes: string[];
  state: string | undefined;
  /** The PKCE challenge of the authorize request; the code it yields then needs the verifier. */
  pkce: PkceChallenge | null;
  expiresAt: number;
};

/**
 * Everything one sandbox holds. Routes read the fields at request time, so `reset()` can swap
 * them all for fresh ones built from the same options.
 */
export class SandboxState {
  apps!: AppRegistry;
  portals!: PortalRegistry;
  tokens!: TokenStore;
  rateLimiter!: RateLimiter;
  faults!: FaultInjector;
  monitor!: RequestMonitor;
  consents!: Map<string, PendingConsent>;
  webhooks!: HubSpotWebhooks;
  /** Added to the clock option by the admin's clock advance; survives reset like the clock itself. */
  private clockOffset = 0;

  constructor(readonly options: ResolvedHubSpotOptions) {
    this.reset();
  }

  now(): number {
    return this.options.now() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  reset(): void {
    const options = this.options;
    // Deliveries of the state being replaced stop with it: no event of before the reset arrives after.
    this.webhooks?.deliveries.stop();
    this.webhooks = new HubSpotWebhooks(options.webhooks, { now: () => this.now(), apps: () => this.apps, faults: () => this.faults });
    this.apps = new AppRegistry();
    this.portals = new PortalRegistry(options.columnCacheLimit, (portalId) => this.webhooks.observerFor(portalId));
    this.tokens = new TokenStore(() => this.now());
    this.rateLimiter = new RateLimiter(options.rateLimits);
    this.faults = new FaultInjector(options.faultSeed);
    this.monitor = new RequestMonitor(options.requestLogSize);
    this.consents = new Map();
    if (options.defaultApp) {
      const app = this.apps.create(options.defaultApp);
      if (options.defaultApp.webhooks) this.webhooks.configure(app.appId, ZAppWebhooksInput.parse(options.defaultApp.webhooks));
    }
    if (options.defaultPortal) this.portals.create(options.defaultPortal);
  }

  openConsent(consent: Omit<PendingConsent, 'id' | 'expiresAt'>): PendingConsent {
    const pending: PendingConsent = { ...consent, id: randomUUID(), expiresAt: this.now() + 30 * 60_000 };
    this.consents.set(pending.id, pending);
    return pending;
  }

  /** A consent can be answered once. */
  takeConsent(id: string): PendingConsent | undefined {
    const pending = this.consents.get(id);
    this.consents.delete(id);
    return pending && pending.expiresAt > this.now() ? pending : undefined;
  }
}
