import { Group, Progress, Stack, Text } from '@mantine/core';
import type { TPlatform, TSyncRun } from '@voiceagent/shared';
import { useSyncRun } from '../api/get-sync-run';
import { useSyncRunCompletion } from '../hooks/use-sync-run-completion';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';

const countFormat = new Intl.NumberFormat('en');

/** "1,200 of 5,000 read · 300 new · 20 updated", or "1,200 read" when the CRM gave no total. */
export function describeSyncProgress(run: TSyncRun): string {
  if (run.status === 'queued') return 'Waiting to start…';
  const { fetched, created, updated, deleted } = run.counts;
  const read = run.estimatedTotal !== null ? `${countFormat.format(fetched)} of ${countFormat.format(run.estimatedTotal)} read` : `${countFormat.format(fetched)} read`;
  const changes = [
    created > 0 && `${countFormat.format(created)} new`,
    updated > 0 && `${countFormat.format(updated)} updated`,
    deleted > 0 && `${countFormat.format(deleted)} removed`,
  ].filter(Boolean);
  return [read, ...changes].join(' · ');
}

/** The live bar of a running sync: its percentage when the total is known, else an animated bar and counts. */
type SyncProgressProps = { runId: string; platform: TPlatform; onEnded: () => void };

export function SyncProgress({ runId, platform, onEnded }: SyncProgressProps) {
  const run = useSyncRun(runId);
  // A backfill (started by a new field mapping) fills and clears the changed fields.
  const isBackfillRun = run.data?.kind === 'backfill';
  useSyncRunCompletion(run.data, onEnded);
  const label = `${PLATFORM_LABELS[platform]} ${isBackfillRun ? 'backfill' : 'sync'} progress`;

  const percent = run.data?.status === 'running' ? run.data.percent : null;
  const text = run.data ? describeSyncProgress(run.data) : run.isError ? `Progress is unavailable. ${describeError(run.error)}` : 'Starting…';

  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={600}>
          {isBackfillRun ? 'Backfilling…' : 'Syncing contacts'}
        </Text>
        {percent !== null && <Text size="sm">{percent}%</Text>}
      </Group>
      <Progress.Root size="lg" radius="xl">
        {/* Our own ARIA: Mantine's would say only "43%", without the counts. */}
        {percent !== null ? (
          <Progress.Section
            value={percent}
            withAria={false}
            role="progressbar"
            aria-label={label}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}%, ${text}`}
          />
        ) : (
          // No total, no percentage: an indeterminate progressbar has no aria-valuenow.
          <Progress.Section value={100} striped animated withAria={false} role="progressbar" aria-label={label} aria-valuetext={text} />
        )}
      </Progress.Root>
      <Text size="sm" c="dimmed">
        {text}
      </Text>
    </Stack>
  );
}
