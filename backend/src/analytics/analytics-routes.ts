import { endpoints } from '@voiceagent/shared';
import { mountEndpoint, type EndpointRouters } from '../http/mount-endpoint';
import { chartsOf, writeAnalyticsCsv } from './analytics-csv';
import type { CampaignAnalyticsService } from './campaign-analytics-service';
import type { ContactAnalyticsService } from './contact-analytics-service';
import type { SyncAnalyticsService } from './sync-analytics-service';
import type { WriteBackAnalyticsService } from './write-back-analytics-service';

export type AnalyticsServices = {
  contacts: ContactAnalyticsService;
  sync: SyncAnalyticsService;
  campaigns: CampaignAnalyticsService;
  writeBack: WriteBackAnalyticsService;
};

/** The four analytics sections: JSON, or the same figures as CSV when the caller asks. */
export function mountAnalyticsRoutes(routes: EndpointRouters, services: AnalyticsServices, now: () => Date = () => new Date()): void {
  const asCsv = (section: string, answer: Record<string, unknown>, chart: string | undefined) => ({ alternative: writeAnalyticsCsv(section, chartsOf(answer), chart, now()) });

  mountEndpoint(routes, endpoints.getContactAnalytics, async ({ user, query, wantsAlternative }) => {
    const answer = await services.contacts.getContactAnalytics(user, query);
    return wantsAlternative ? asCsv('contacts', answer, query.chart) : answer;
  });
  mountEndpoint(routes, endpoints.getSyncAnalytics, async ({ user, query, wantsAlternative }) => {
    const answer = await services.sync.getSyncAnalytics(user, query);
    return wantsAlternative ? asCsv('sync', answer, query.chart) : answer;
  });
  mountEndpoint(routes, endpoints.getCampaignAnalytics, async ({ user, query, wantsAlternative }) => {
    const answer = await services.campaigns.getCampaignAnalytics(user, query);
    return wantsAlternative ? asCsv('campaigns', answer, query.chart) : answer;
  });
  mountEndpoint(routes, endpoints.getWriteBackAnalytics, async ({ user, query, wantsAlternative }) => {
    const answer = await services.writeBack.getWriteBackAnalytics(user, query);
    return wantsAlternative ? asCsv('write-back', answer, query.chart) : answer;
  });
}
