import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import type { TSyncRun } from '@voiceagent/shared';
import { useEffect, useEffectEvent } from 'react';
import { isSyncRunActive } from '../api/get-sync-run';
import { crmQueryKeys } from '../api/query-keys';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const countFormat = new Intl.NumberFormat('en');

/**
 * When a run this page watched ends: the connection (count, last synced, active run) and the
 * contacts are re-read, and a toast says how it went. Contacts are reset rather than
 * refetched: refetching an infinite query re-reads every page already scrolled through.
 */
export function useSyncRunCompletion(run: TSyncRun | undefined, onEnded: () => void): void {
  const queryClient = useQueryClient();
  const endedRun = run && !isSyncRunActive(run) ? run : undefined;
  // An effect event: a new callback each render must not replay the ending.
  const handleEnded = useEffectEvent(onEnded);

  useEffect(() => {
    if (!endedRun) return;
    handleEnded();
    void queryClient.invalidateQueries({ queryKey: crmQueryKeys.credentials() });
    void queryClient.invalidateQueries({ queryKey: crmQueryKeys.latestSyncRun(endedRun.platform) });
    void queryClient.resetQueries({ queryKey: crmQueryKeys.contacts() });
    // Each sync recounts the values that did not fit their field.
    void queryClient.invalidateQueries({ queryKey: crmQueryKeys.fieldMappings(endedRun.platform) });
    const name = PLATFORM_LABELS[endedRun.platform];
    const isBackfill = endedRun.kind === 'backfill';
    const { created, updated, deleted } = endedRun.counts;
    // The run's id: shown once however many times this effect runs for it.
    const id = `sync-ended-${endedRun.id}`;
    if (endedRun.status === 'succeeded') {
      notifications.show({
        id,
        color: 'green',
        title: isBackfill ? `${name} fields backfilled` : `${name} sync finished`,
        message:
          created + updated + deleted === 0
            ? 'Everything was already up to date.'
            : `${countFormat.format(created)} new, ${countFormat.format(updated)} updated, ${countFormat.format(deleted)} removed.`,
      });
    } else if (endedRun.status === 'failed') {
      notifications.show({ id, color: 'red', title: isBackfill ? `${name} backfill failed` : `${name} sync failed`, message: endedRun.error?.message ?? 'The sync stopped with an error.', autoClose: 12_000 });
    }
  }, [endedRun, queryClient]);
}
