import { randomBytes } from 'node:crypto';
import type { PkceChallenge } from '../common/pkce';
import { CustomViewStore } from './custom-views';
import { CallStore } from './call-store';
import { ContactStore } from './contact-store';
import { SandboxCounters } from './counters';
import { DEFAULT_DATA_CENTRES } from './data-centres';
import { DEFAULT_ACCOUNTS, DEFAULT_APPS, DEFAULT_EDITION, DEFAULT_LIMITS, DEFAULT_TIME_ZONES } from './defaults';
import { FaultInjector } from './faults';
import { FieldCatalogue } from './field-catalogue';
import { makeId } from './ids';
import { DEFAULT_NOTIFIER_SETTINGS, Notifier } from './notifier';
import { WatchChannelStore } from './watch-channels';
import { Limiter } from './limiter';
import type { ZohoOrg } from './org';
import { PageTokenCodec } from './page-tokens';
import { RequestLog } from './request-log';
import { TokenStore } from './token-store';
import type { ZohoAccountConfig, ZohoAppConfig, ZohoDataCentre, ZohoLimits, ZohoSandboxOptions } from './types';

/** A pending consent: the authorization request parameters, kept server-side until the user answers. */
export type ConsentRequest = {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  accessType: 'offline' | 'online';
  prompt: string | null;
  /** The PKCE challenge of the authorize request; the code it yields then needs the verifier. */
  pkce: PkceChallenge | null;
  expiresAtMs: number;
};

const DEFAULT_SHARED_SEED = 20_240_501;

/** Everything one sandbox holds; `reset()` returns it to what the options describe. */
export class ZohoSandboxState {
  readonly limits: ZohoLimits;
  readonly dataCentres: ZohoDataCentre[];
  readonly sharedSeed: number;
  readonly counters = new SandboxCounters();
  readonly log: RequestLog;
  readonly tokens: TokenStore;
  readonly limiter: Limiter;
  readonly faults: FaultInjector;
  readonly notifier: Notifier;
  readonly codec = new PageTokenCodec(randomBytes(32).toString('hex'));
  readonly apps = new Map<string, ZohoAppConfig>();
  readonly orgs = new Map<string, ZohoOrg>();
  readonly consents = new Map<string, ConsentRequest>();
  publicUrl: string | undefined;
  private clockOffsetMs = 0;
  private orgsCreated = 0;

  constructor(private readonly options: ZohoSandboxOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.dataCentres = options.dataCentres ?? DEFAULT_DATA_CENTRES;
    this.sharedSeed = options.sharedSeed ?? DEFAULT_SHARED_SEED;
    this.publicUrl = options.publicUrl;
    this.log = new RequestLog(this.limits.requestLogSize);
    const now = () => this.now();
    this.tokens = new TokenStore(now, this.limits, this.counters);
    this.limiter = new Limiter(this.limits, now);
    this.faults = new FaultInjector(options.faultSeed ?? 1);
    this.notifier = new Notifier(now, this.faults, () => this.publicUrl, { ...DEFAULT_NOTIFIER_SETTINGS, ...options.notifications });
    this.seed();
  }

  now(): number {
    return (this.options.now ?? Date.now)() + this.clockOffsetMs;
  }

  advanceClock(ms: number): number {
    this.clockOffsetMs += ms;
    return this.now();
  }

  dataCentre(location: string): ZohoDataCentre | undefined {
    return this.dataCentres.find((dc) => dc.location === location);
  }

  addApp(config: ZohoAppConfig): ZohoAppConfig {
    const app = { ...config, redirectUris: [...config.redirectUris] };
    this.apps.set(app.clientId, app);
    return app;
  }

  addOrg(config: ZohoAccountConfig): ZohoOrg {
    if (!this.dataCentre(config.dataCentre)) throw new Error(`Unknown data centre: ${config.dataCentre}`);
    const n = this.orgsCreated++;
    // Seven-digit org codes, spread out like Zoho's, and the same for the same creation order.
    const code = 1_000_000 + ((2_652_397 + n * 104_729) % 9_000_000);
    const seed = config.seed ?? n + 1;
    const user = config.user ?? { firstName: 'Alex', lastName: 'Rivera', email: `admin${n + 1}@${slug(config.name)}.example.com` };
    const org: ZohoOrg = {
      id: makeId(code, 'org', 1),
      code,
      zgid: String(code * 100 + 11),
      name: config.name,
      dataCentre: config.dataCentre,
      edition: config.edition ?? DEFAULT_EDITION,
      concurrencyLimit: config.concurrencyLimit,
      seed,
      timeZone: config.timeZone ?? DEFAULT_TIME_ZONES[config.dataCentre] ?? { name: 'UTC', offsetMinutes: 0 },
      user: {
        id: makeId(code, 'user', 1),
        zuid: String(70_000_000 + code),
        firstName: user.firstName,
        lastName: user.lastName,
        name: `${user.firstName} ${user.lastName}`,
        email: user.email,
      },
      createdAtMs: Date.UTC(2022, 0, 1) + n * 86_400_000,
      contacts: new ContactStore(code, { accountSeed: seed, sharedSeed: this.sharedSeed }, config.contactCount),
      fields: new FieldCatalogue(),
      calls: new CallStore(code),
      views: new CustomViewStore(code),
      watch: new WatchChannelStore(() => this.now()),
    };
    org.contacts.onChange = (change) => this.notifier.record(org, change);
    this.orgs.set(org.id, org);
    return org;
  }

  reset(): void {
    this.apps.clear();
    this.orgs.clear();
    this.consents.clear();
    this.tokens.clear();
    this.limiter.clear();
    this.faults.clear();
    this.notifier.clear();
    this.log.clear();
    Object.assign(this.counters, new SandboxCounters());
    this.clockOffsetMs = 0;
    this.orgsCreated = 0;
    this.seed();
  }

  private seed(): void {
    for (const app of this.options.apps ?? DEFAULT_APPS) this.addApp(app);
    for (const account of this.options.accounts ?? DEFAULT_ACCOUNTS) this.addOrg(account);
  }
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'org';
}
