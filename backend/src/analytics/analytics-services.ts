import type { Pool } from 'pg';
import type { Clock } from '../runtime/clock';
import type { AnalyticsServices } from './analytics-routes';
import { createCampaignAnalyticsService } from './campaign-analytics-service';
import { createContactAnalyticsService } from './contact-analytics-service';
import { createSyncAnalyticsService } from './sync-analytics-service';
import { createWriteBackAnalyticsService } from './write-back-analytics-service';

/** The four sections' services, on the process's pool and clock. */
export function createAnalyticsServices(pool: Pool, clock: Clock): AnalyticsServices {
  const now = () => new Date(clock());
  return {
    contacts: createContactAnalyticsService(pool, now),
    sync: createSyncAnalyticsService(pool, now),
    campaigns: createCampaignAnalyticsService(pool, now),
    writeBack: createWriteBackAnalyticsService(pool, now),
  };
}
