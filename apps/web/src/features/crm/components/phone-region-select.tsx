import { Select } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { PHONE_REGIONS, type TCrmConnection, type TPhoneRegion } from '@voiceagent/shared';
import { useMemo } from 'react';
import { useUpdateCrmSettings } from '../api/update-crm-settings';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useWatchedSyncRuns } from './watched-sync-runs';
import { describeError } from '../../../lib/error-messages';

/** The Select's value for "no region of its own": the server's default applies. */
const SERVER_DEFAULT = 'server-default';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
const regionName = (region: TPhoneRegion) => regionNames.of(region) ?? region;

type PhoneRegionSelectProps = { connection: TCrmConnection; serverDefaultRegion: TPhoneRegion };

/**
 * Where this connection's numbers written without a country code ("030 1234567") are read. A
 * change starts a full sync that re-reads every number; the card follows its progress.
 */
export function PhoneRegionSelect({ connection, serverDefaultRegion }: PhoneRegionSelectProps) {
  const update = useUpdateCrmSettings();
  const { watch } = useWatchedSyncRuns();
  const { platform } = connection;
  const options = useMemo(
    () => [
      { value: SERVER_DEFAULT, label: `Server default (${regionName(serverDefaultRegion)})` },
      ...PHONE_REGIONS.map((region) => ({ value: region, label: `${regionName(region)} (${region})` })).sort((a, b) => a.label.localeCompare(b.label, 'en')),
    ],
    [serverDefaultRegion],
  );

  const change = async (value: string | null) => {
    const region = value === null || value === SERVER_DEFAULT ? null : (value as TPhoneRegion);
    if (region === connection.defaultPhoneRegion) return;
    const readIn = regionName(region ?? serverDefaultRegion);
    try {
      const { resync } = await update.mutateAsync({ platform, settings: { defaultPhoneRegion: region } });
      if (resync) watch(platform, resync.runId);
      notifications.show({
        color: 'green',
        title: `${PLATFORM_LABELS[platform]} numbers are now read in ${readIn}`,
        message: !resync
          ? 'The next sync after reconnecting re-reads every number.'
          : resync.alreadyRunning
            ? 'A sync was already running: start Sync now when it ends to re-read every number.'
            : 'A full sync is re-reading every number.',
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not change the phone region', message: describeError(error, { platform }) });
    }
  };

  return (
    <Select
      label="Phone region"
      description="Numbers written without a country code are read as numbers of this region."
      data={options}
      value={connection.defaultPhoneRegion ?? SERVER_DEFAULT}
      onChange={(value) => void change(value)}
      searchable
      allowDeselect={false}
      disabled={update.isPending}
      maw={340}
      size="sm"
      comboboxProps={{ withinPortal: true }}
    />
  );
}
