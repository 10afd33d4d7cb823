import { Alert, Anchor, Group, Select, Skeleton, Stack, Text } from '@mantine/core';
import { PLATFORMS, type TSegment } from '@voiceagent/shared';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { LoadError } from '../../../components/load-error';
import { useSegmentOptions } from '../../../lib/segment-options';

const countFormat = new Intl.NumberFormat('en');

/** "12 contacts: HubSpot 5 · Zoho 7", or why the segment cannot be counted. */
export function describeSegmentCounts(segment: Pick<TSegment, 'counts' | 'problem'>): string {
  const { counts } = segment;
  if (!counts) return 'cannot be counted now';
  const approx = counts.isEstimate ? '≈ ' : '';
  const perCrm = PLATFORMS.filter((platform) => counts.byPlatform[platform] !== undefined)
    .map((platform) => `${PLATFORM_LABELS[platform]} ${approx}${countFormat.format(counts.byPlatform[platform] ?? 0)}`)
    .join(' · ');
  return `${approx}${countFormat.format(counts.total)} ${counts.total === 1 ? 'contact' : 'contacts'}${perCrm ? `: ${perCrm}` : ''}`;
}

type SegmentSourceProps = { segmentId: string | null; onChange: (segmentId: string | null) => void };

/** Contact source "From a segment": one of the user's segments, each shown with its contacts counted now. */
export function SegmentSource({ segmentId, onChange }: SegmentSourceProps) {
  const options = useSegmentOptions(true);
  if (options.isPending) return <Skeleton height={36} maw={520} aria-label="Loading your segments" />;
  if (options.error) return <LoadError title="Could not load your segments" query={options} />;
  const segments = options.data.items;
  if (segments.length === 0) {
    return (
      <Alert color="blue" variant="light" title="No segments yet">
        Save a filter of your contacts as a segment on the{' '}
        <Anchor component={Link} to={paths.app.segments.getHref()}>
          Segments
        </Anchor>{' '}
        or CRM page first.
      </Alert>
    );
  }
  const chosen = segments.find((segment) => segment.id === segmentId);
  return (
    <Stack gap="xs" maw={520}>
      <Select
        label="Segment"
        placeholder="Choose a segment"
        searchable
        data={segments.map((segment) => ({
          value: segment.id,
          label: `${segment.name} (${describeSegmentCounts(segment)})`,
          disabled: segment.counts === null,
        }))}
        value={segmentId}
        onChange={onChange}
      />
      {chosen && (
        <Group gap="xs">
          <Text size="sm">{chosen.description}</Text>
        </Group>
      )}
      {options.data.isTruncated && (
        <Text size="xs" c="gray.7">
          Only your newest segments are listed here.
        </Text>
      )}
      <Text size="sm" c="gray.7">
        The agent takes the segment&apos;s callable contacts now; each campaign started from it takes the segment&apos;s members as they
        are at that moment.
      </Text>
    </Stack>
  );
}
