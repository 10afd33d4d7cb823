import { Button, type ButtonProps } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TPlatform } from '@voiceagent/shared';
import { useStartAllSyncs } from '../api/start-all-syncs';
import { useStartPlatformSync } from '../api/start-platform-sync';
import { PLATFORM_LABELS } from '../platform-labels';
import { useWatchedSyncRuns } from './watched-sync-runs';

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

  const start = () => {
    if (only) {
      startOne.mutate(only, {
        onSuccess: ({ runId }) => watch(only, runId),
        onError: (error) => notifications.show({ color: 'red', title: `Could not start a ${PLATFORM_LABELS[only]} sync`, message: error.message }),
      });
      return;
    }
    startAll.mutate(undefined, {
      onSuccess: ({ results }) => {
        // One platform failing to start never blocks the others; say which and why.
        for (const result of results) {
          if ('runId' in result) watch(result.platform, result.runId);
          else {
            notifications.show({ color: 'red', title: `Could not start a ${PLATFORM_LABELS[result.platform]} sync`, message: result.error.message });
          }
        }
      },
      onError: (error) => notifications.show({ color: 'red', title: 'Could not start syncing', message: error.message }),
    });
  };

  return (
    <Button onClick={start} loading={startOne.isPending || startAll.isPending} {...buttonProps}>
      {label}
    </Button>
  );
}
