import { Text } from '@mantine/core';
import { PLATFORMS, type TContactCounts, type TContactObjectType, type TPlatform } from '@voiceagent/shared';
import { OBJECT_TYPE_LABELS, PLATFORM_OBJECT_TYPES } from '../../../config/object-types';
import { PLATFORM_LABELS } from '../../../config/platform-labels';

const countFormat = new Intl.NumberFormat('en');

type CountsOptions = {
  platforms: readonly TPlatform[];
  /** The list's Type filter: "150 leads" under Leads, not "150 contacts". */
  objectType?: TContactObjectType | null;
};

/** "About 12,400 contacts · HubSpot 7,000 · Zoho CRM 5,400" — "about" when search counts are estimates. */
export function formatContactCounts(counts: TContactCounts, { platforms, objectType = null }: CountsOptions): string {
  const about = counts.isEstimate ? 'About ' : '';
  const noun = OBJECT_TYPE_LABELS[objectType ?? 'contact'];
  const total = `${about}${countFormat.format(counts.total)} ${counts.total === 1 ? noun.one : noun.many}`;
  // Under Leads, "HubSpot 0 · Zoho CRM 0" says nothing: only platforms that have that kind are named.
  const holdsType = (platform: TPlatform) => objectType === null || (PLATFORM_OBJECT_TYPES[platform] as readonly TContactObjectType[]).includes(objectType);
  const perPlatform = PLATFORMS.filter((platform) => platforms.includes(platform) && holdsType(platform)).flatMap((platform) => {
    const count = counts.byPlatform[platform];
    return count === undefined ? [] : [`${PLATFORM_LABELS[platform]} ${countFormat.format(count)}`];
  });
  return perPlatform.length > 1 ? [total, ...perPlatform].join(' · ') : total;
}

type ContactsCountsProps = {
  counts: TContactCounts | undefined;
  /** The platforms to break the total down by: those connected and in the list. */
  platforms: readonly TPlatform[];
  objectType?: TContactObjectType | null;
};

/** Announced politely, so a person searching hears how many matched. */
export function ContactsCounts({ counts, platforms, objectType = null }: ContactsCountsProps) {
  return (
    <Text size="sm" role="status" aria-live="polite" mih={20}>
      {counts ? formatContactCounts(counts, { platforms, objectType }) : ''}
    </Text>
  );
}
