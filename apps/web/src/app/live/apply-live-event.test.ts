import { QueryClient, QueryObserver } from '@tanstack/react-query';
import type { TLiveEvent, TSyncRun } from '@voiceagent/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onSyncRunAnnounced } from '../../features/crm/announced-sync-runs';
import { crmQueryKeys } from '../../features/crm/api/query-keys';
import { createLiveEventApplier } from './apply-live-event';

/** The applier against a real TanStack QueryClient; only the clock is faked. */
const runId = '6f1c1f2e-6a57-4c3e-9a55-0d2b8f3f7a10';
const counts = { fetched: 1, created: 0, updated: 0, unchanged: 1, deleted: 0, failed: 0 };
const runAs = (status: TSyncRun['status']): TSyncRun => ({
  id: runId,
  platform: 'hubspot',
  kind: 'incremental',
  status,
  counts,
  pagesDone: 1,
  estimatedTotal: null,
  percent: status === 'succeeded' ? 100 : null,
  error: null,
  queuedAt: '2026-12-04T12:00:00.000Z',
  startedAt: '2026-12-04T12:00:00.100Z',
  finishedAt: status === 'succeeded' ? '2026-12-04T12:00:01.000Z' : null,
  updatedAt: '2026-12-04T12:00:01.000Z',
});
const runEvent = (status: TSyncRun['status']): TLiveEvent => ({
  id: `${status}-1`,
  kind: 'sync_run',
  data: { runId, platform: 'hubspot', kind: 'incremental', status, counts, pagesDone: 1, estimatedTotal: null, percent: null },
});

let queryClient: QueryClient;
beforeEach(() => {
  vi.useFakeTimers();
  queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
});
afterEach(() => {
  queryClient.clear();
  vi.useRealTimers();
});

describe('the live event applier', () => {
  it('reads a run again when it ends while its first read, answered before the end, is still on its way', async () => {
    // The server answers "running" as it had it when asked, but the answer comes 3 s late.
    const queryFn = vi.fn(async () => {
      const status: TSyncRun['status'] = queryFn.mock.calls.length === 1 ? 'running' : 'succeeded';
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return runAs(status);
    });
    const observer = new QueryObserver(queryClient, { queryKey: crmQueryKeys.syncRun(runId), queryFn });
    const stop = observer.subscribe(() => undefined);
    const apply = createLiveEventApplier(queryClient);

    await vi.advanceTimersByTimeAsync(100);
    apply(runEvent('succeeded'));
    await vi.advanceTimersByTimeAsync(10_000);

    // The first read's stale answer is followed by a second read, which says how the run ended.
    expect(queryFn).toHaveBeenCalledTimes(2);
    expect(queryClient.getQueryData<TSyncRun>(crmQueryKeys.syncRun(runId))?.status).toBe('succeeded');
    stop();
  });

  it('lets a slow first read finish while events keep coming, rather than starting it over each time', async () => {
    // A screen opened during a sync: its first read takes 1 s, and a page's event comes every 300 ms.
    const queryFn = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return runAs('running');
    });
    const observer = new QueryObserver(queryClient, { queryKey: crmQueryKeys.syncRun(runId), queryFn });
    const shown: (TSyncRun['status'] | undefined)[] = [];
    const stop = observer.subscribe((result) => shown.push(result.data?.status));
    const apply = createLiveEventApplier(queryClient);
    // Not cached yet, so each event asks for the run again rather than writing into it.
    for (let elapsed = 0; elapsed < 1_200; elapsed += 300) {
      apply(runEvent('succeeded'));
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(shown).toContain('running');
    stop();
  });

  it('writes a cached run\'s progress without a read, and reads it once more when it ends', async () => {
    const queryFn = vi.fn(async () => runAs('succeeded'));
    queryClient.setQueryData(crmQueryKeys.syncRun(runId), runAs('running'));
    const observer = new QueryObserver(queryClient, { queryKey: crmQueryKeys.syncRun(runId), queryFn, staleTime: Infinity });
    const stop = observer.subscribe(() => undefined);
    const apply = createLiveEventApplier(queryClient);

    apply({ ...runEvent('running'), data: { ...runEvent('running').data, pagesDone: 7 } } as TLiveEvent);
    expect(queryClient.getQueryData<TSyncRun>(crmQueryKeys.syncRun(runId))?.pagesDone).toBe(7);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(queryFn).not.toHaveBeenCalled();

    apply(runEvent('succeeded'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(queryFn).toHaveBeenCalledTimes(1);
    stop();
  });

  it('announces every run it hears of, so the cards can follow one the connections never named', () => {
    const heard: string[] = [];
    const stop = onSyncRunAnnounced((platform, id) => heard.push(`${platform} ${id}`));
    const apply = createLiveEventApplier(queryClient);
    apply(runEvent('succeeded'));
    stop();
    apply(runEvent('succeeded'));
    expect(heard).toEqual([`hubspot ${runId}`]);
  });
});
