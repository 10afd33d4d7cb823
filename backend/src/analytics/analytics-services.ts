import type { Pool } from 'pg';
import type { AnalyticsServices } from './analytics-routes';
import type { AnalyticsWindowSettings } from './analytics-window';
import { createCampaignAnalyticsService } from './campaign-analytics-service';
import { createContactAnalyticsService } from './contact-analytics-service';
import { createSyncAnalyticsService } from './sync-analytics-service';
import { createWriteBackAnalyticsService } from './write-back-analytics-service';

/** The four sections' services, on the process's pool, clock and statement timeout. */
export function createAnalyticsServices(pool: Pool, settings: AnalyticsWindowSettings): AnalyticsServices {
  return {
    contacts: createContactAnalyticsService(pool, settings),
    sync: createSyncAnalyticsService(pool, settings),
    campaigns: createCampaignAnalyticsService(pool, settings),
    writeBack: createWriteBackAnalyticsService(pool, settings),
  };
}
