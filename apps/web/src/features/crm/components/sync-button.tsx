import { Button, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TPlatform } from '@voiceagent/shared';
import { useStartAllSyncs } from '../api/start-all-syncs';
import { useStartPlatformSync } from '../api/start-platform-sync';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useWatchedSyncRuns } from './watched-sync-runs';
import { describeError, describeErrorBody } from '../../../lib/error-messages';

type SyncButtonProps = ButtonProps & {
  /** One platform: syncs it. Several: syncs every connected platform (one request). */
  platforms: TPlatform[];
  label: string;
};

/** Starts syncs; their progress then shows on the cards, which follow each connection's active run. */
export function SyncButton({ platforms, label, ...buttonProps }: SyncButtonProps) {
  const startOne = useStartPlatformSync();
  const startAll = useStartAllSyncs();
  const { watch } = useWatchedSyncRuns();
  const only = platforms.length === 1 ? platforms[0] : undefined;

  // mutateAsync, not mutate's callbacks: an empty state holding this button gives way to
  // "on their way" once the connections are re-read, and an unmounted mutate's callbacks never run.
  const start = async () => {
    try {
      if (only) {
        const { runId } = await startOne.mutateAsync(only);
        watch(only, runId);
        return;
      }
      const { results } = await startAll.mutateAsync();
      for (const result of results) {
        if ('runId' in result) watch(result.platform, result.runId);
        // One platform failing to start never blocks the others; say which and why.
        else {
          const title = `Could not start a ${PLATFORM_LABELS[result.platform]} sync`;
          notifications.show({ color: 'red', title, message: describeErrorBody(result.error, { platform: result.platform }) });
        }
      }
    } catch (error) {
      const what = only ? `a ${PLATFORM_LABELS[only]} sync` : 'syncing';
      notifications.show({ color: 'red', title: `Could not start ${what}`, message: describeError(error, { platform: only }) });
    }
  };

  return (
    <Button onClick={() => void start()} loading={startOne.isPending || startAll.isPending} {...buttonProps}>
      {label}
    </Button>
  );
}
