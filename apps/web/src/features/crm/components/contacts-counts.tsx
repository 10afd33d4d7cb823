import { Text } from '@mantine/core';
import { PLATFORMS, type TContactCounts, type TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const countFormat = new Intl.NumberFormat('en');

/** "About 12,400 contacts · HubSpot 7,000 · Zoho CRM 5,400" — "about" when search counts are estimates. */
export function formatContactCounts(counts: TContactCounts, { platforms }: { platforms: readonly TPlatform[] }): string {
  const about = counts.isEstimate ? 'About ' : '';
  const total = `${about}${countFormat.format(counts.total)} contact${counts.total === 1 ? '' : 's'}`;
  const perPlatform = PLATFORMS.filter((platform) => platforms.includes(platform)).flatMap((platform) => {
    const count = counts.byPlatform[platform];
    return count === undefined ? [] : [`${PLATFORM_LABELS[platform]} ${countFormat.format(count)}`];
  });
  return perPlatform.length > 1 ? [total, ...perPlatform].join(' · ') : total;
}

type ContactsCountsProps = {
  counts: TContactCounts | undefined;
  /** The platforms to break the total down by: those connected and in the list. */
  platforms: readonly TPlatform[];
};

/** Announced politely, so a person searching hears how many matched. */
export function ContactsCounts({ counts, platforms }: ContactsCountsProps) {
  return (
    <Text size="sm" role="status" aria-live="polite" mih={20}>
      {counts ? formatContactCounts(counts, { platforms }) : ''}
    </Text>
  );
}
