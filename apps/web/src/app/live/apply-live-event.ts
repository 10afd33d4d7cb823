import type { QueryClient, QueryKey } from '@tanstack/react-query';
import type { TLiveEvent, TSyncRun } from '@voiceagent/shared';
import { agentsQueryKeys } from '../../features/agents/api/query-keys';
import { bulkUpdatesQueryKeys } from '../../features/bulk-updates/api/query-keys';
import { campaignsQueryKeys } from '../../features/campaigns/api/query-keys';
import { crmQueryKeys } from '../../features/crm/api/query-keys';
import { announceSyncRun } from '../../features/crm/announced-sync-runs';

/** Invalidations arriving within this window are made once: a sync's pages would otherwise refetch a list per page. */
const COALESCE_MS = 400;

/**
 * What each live event changes in TanStack Query's cache. A sync run's progress is written into
 * its cached run (the bar moves without a request); everything else is invalidated, so only the
 * queries on screen are read again, once per burst of events.
 */
export function createLiveEventApplier(queryClient: QueryClient): (event: TLiveEvent) => void {
  const pending = new Map<string, QueryKey>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const invalidate = (...keys: QueryKey[]) => {
    for (const key of keys) pending.set(JSON.stringify(key), key);
    timer ??= setTimeout(() => {
      timer = undefined;
      const keys = [...pending.values()];
      pending.clear();
      for (const queryKey of keys) void refresh(queryKey);
    }, COALESCE_MS);
  };

  // A first read still on its way may have been answered before the change the event reports.
  // TanStack joins such a read instead of asking again (it cancels only a refetch of data it
  // already has), so a bar could keep a stale "running" forever. The read is let finish
  // (cancelling it would starve a screen while a sync's events keep coming) and is then asked again.
  const refresh = async (queryKey: QueryKey) => {
    const firstReads = new Set(
      queryClient
        .getQueryCache()
        .findAll({ queryKey, predicate: (query) => query.state.data === undefined && query.state.fetchStatus === 'fetching' })
        .map((query) => query.queryHash),
    );
    await queryClient.invalidateQueries({ queryKey });
    if (firstReads.size > 0) await queryClient.invalidateQueries({ queryKey, predicate: (query) => firstReads.has(query.queryHash) });
  };

  return (event) => {
    switch (event.kind) {
      case 'contacts_changed':
        // Lists and details live under contacts(); counts on the connection cards; the agent's selector.
        invalidate(crmQueryKeys.contacts(), crmQueryKeys.credentials(), agentsQueryKeys.selectableContacts());
        return;
      case 'sync_run': {
        const { runId, status, counts, pagesDone, estimatedTotal, percent, platform } = event.data;
        const cached = queryClient.getQueryData<TSyncRun>(crmQueryKeys.syncRun(runId));
        if (cached) queryClient.setQueryData<TSyncRun>(crmQueryKeys.syncRun(runId), { ...cached, status, counts, pagesDone, estimatedTotal, percent });
        // The cards follow it from its id, even if it ends before the connections name it.
        announceSyncRun(platform, runId);
        const isActive = status === 'queued' || status === 'running';
        // A run this page did not start (another tab, the schedule, the API) shows up on its card;
        // an ended one is read whole (its error, its end time).
        if (!cached || !isActive) invalidate(crmQueryKeys.credentials(), crmQueryKeys.latestSyncRun(platform));
        if (!isActive) invalidate(crmQueryKeys.syncRun(runId));
        return;
      }
      case 'bulk_job':
        invalidate(bulkUpdatesQueryKeys.job(event.data.jobId), agentsQueryKeys.archiveJob(event.data.jobId));
        return;
      case 'campaign_results':
        // The campaign's contacts and stats are under its detail key; the lists carry its figures.
        invalidate(campaignsQueryKeys.detail(event.data.campaignId), campaignsQueryKeys.lists());
        return;
      default:
        event satisfies never;
    }
  };
}
