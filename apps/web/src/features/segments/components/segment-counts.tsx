import { Badge, Group, Text } from '@mantine/core';
import { PLATFORMS, type TSegmentCounts } from '@voiceagent/shared';
import { PLATFORM_COLORS } from '../../../config/platform-colors';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const countFormat = new Intl.NumberFormat('en');

/** A segment's live counts: the total, then one badge per CRM its filter covers, in that CRM's colour. */
export function SegmentCounts({ counts }: { counts: TSegmentCounts }) {
  const approx = counts.isEstimate ? '≈ ' : '';
  return (
    <Group gap={6} component="span" aria-label="Matching contacts">
      <Text span fw={600}>
        {approx}
        {countFormat.format(counts.total)} {counts.total === 1 ? 'contact' : 'contacts'}
      </Text>
      {PLATFORMS.filter((platform) => counts.byPlatform[platform] !== undefined).map((platform) => (
        <Badge key={platform} variant="light" color={PLATFORM_COLORS[platform].split('.')[0]} c="dark.7" tt="none" fw={500} data-platform={platform}>
          {PLATFORM_LABELS[platform]}: {approx}
          {countFormat.format(counts.byPlatform[platform] ?? 0)}
        </Badge>
      ))}
    </Group>
  );
}
