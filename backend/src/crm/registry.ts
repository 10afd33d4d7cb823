import type { TPlatform } from '@voiceagent/shared';
import type { ProviderAppConfig, SalesforceSyncConfig } from '../config';
import { AppError } from '../http/app-error';
import type { CRMService } from './crm-service';
import type { BudgetStore } from './provider-http/budget-store';
import type { ProviderHttpSettings } from './provider-http/provider-http-client';
import { createRateLimiterPool, type RateLimiterPool } from './provider-http/rate-limiter-pool';
import { HubSpotService } from './providers/hubspot/hubspot-service';
import type { HubSpotRateLimits } from './providers/hubspot/hubspot-client';
import type { HubSpotSyncSettings } from './providers/hubspot/hubspot-sync-settings';
import type { SalesforceRateLimits } from './providers/salesforce/salesforce-client';
import { SalesforceService } from './providers/salesforce/salesforce-service';
import { ZohoService } from './providers/zoho/zoho-service';
import type { ZohoRateLimits } from './providers/zoho/zoho-client';

export type CrmApps = Record<TPlatform, ProviderAppConfig | null>;

export type CrmRegistryOptions = {
  /** The provider budgets every process of ours shares: createPgBudgetStore(pool). */
  budgets: BudgetStore;
  /** Timeouts and retries of every provider call (tests shrink them). */
  http?: Partial<ProviderHttpSettings>;
  rateLimits?: { hubspot?: Partial<HubSpotRateLimits>; zoho?: Partial<ZohoRateLimits>; salesforce?: Partial<SalesforceRateLimits> };
  /** Zoho's refresh budget per refresh token (default 10 per 10 minutes). */
  zohoRefreshBudget?: { max?: number; windowMs?: number };
  /** Salesforce: when a full sync switches to Bulk API 2.0, and the API allowance syncs leave to others. */
  salesforceSync?: Partial<SalesforceSyncConfig>;
  /** HubSpot's paging limits (tests shrink them to reach a cap with fewer contacts). */
  hubspotSync?: Partial<HubSpotSyncSettings>;
};

export type CrmRegistry = {
  /** The service of a configured platform; AppError crm_not_configured otherwise. */
  get(platform: TPlatform): CRMService;
  configured(): CRMService[];
};

type ServiceFactory = (app: ProviderAppConfig, options: CrmRegistryOptions, limiters: RateLimiterPool) => CRMService;

/** One line per platform: a new CRM is its folder and a line here. */
const FACTORIES: Record<TPlatform, ServiceFactory> = {
  hubspot: (app, options, limiters) => new HubSpotService(app, { http: options.http, limiters, rateLimits: options.rateLimits?.hubspot, sync: options.hubspotSync }),
  zoho: (app, options, limiters) =>
    new ZohoService(app, { http: options.http, limiters, rateLimits: options.rateLimits?.zoho, refreshBudget: options.zohoRefreshBudget, budgets: options.budgets }),
  salesforce: (app, options, limiters) => new SalesforceService(app, { http: options.http, limiters, rateLimits: options.rateLimits?.salesforce, sync: options.salesforceSync }),
};

/** platform → CRMService for the platforms that have an app (real or sandbox); one limiter pool for the process, on the shared budgets. */
export function createCrmRegistry(apps: CrmApps, options: CrmRegistryOptions): CrmRegistry {
  const limiters = createRateLimiterPool(options.budgets);
  const services = new Map<TPlatform, CRMService>();
  for (const platform of Object.keys(FACTORIES) as TPlatform[]) {
    const app = apps[platform];
    if (app) services.set(platform, FACTORIES[platform](app, options, limiters));
  }
  return {
    get(platform) {
      const service = services.get(platform);
      if (!service) throw new AppError('crm_not_configured', `${platform} is not configured on this server`, { platform });
      return service;
    },
    configured: () => [...services.values()],
  };
}
