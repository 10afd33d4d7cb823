import { Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { PLATFORMS } from '@voiceagent/shared';
import { useMemo } from 'react';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { describeError } from '../../../lib/error-messages';
import type { AnalyticsFilters } from '../analytics-filters';
import { MAX_HOURLY_RANGE_DAYS, type AnalyticsRange, type RangeChoice } from '../analytics-range';
import { useSegmentOptions } from '../../../lib/segment-options';

const RANGE_OPTIONS: Array<{ value: RangeChoice; label: string }> = [
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: '90d', label: '90 days' },
  { value: 'custom', label: 'Custom' },
];

const PLATFORM_OPTIONS = [{ value: '', label: 'All CRMs' }, ...PLATFORMS.map((platform) => ({ value: platform, label: PLATFORM_LABELS[platform] }))];

const dayFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
const formatDay = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

type AnalyticsFiltersBarProps = {
  filters: AnalyticsFilters;
  range: AnalyticsRange;
  onChange: (next: AnalyticsFilters) => void;
  timeZone: string;
  onTimeZoneChange: (timeZone: string) => void;
  isSavingTimeZone: boolean;
  timeZoneError: Error | null;
};

/** The range (presets or two days), the bucket size, the CRM and segment, and the zone the days are read in. */
export function AnalyticsFiltersBar({ filters, range, onChange, timeZone, onTimeZoneChange, isSavingTimeZone, timeZoneError }: AnalyticsFiltersBarProps) {
  const segments = useSegmentOptions();
  const segmentOptions = [{ value: '', label: 'All contacts' }, ...(segments.data?.items.map((segment) => ({ value: segment.id, label: segment.name })) ?? [])];
  const zones = useMemo(() => {
    const known = Intl.supportedValuesOf('timeZone');
    return [...new Set(['UTC', timeZone, ...known])].sort();
  }, [timeZone]);
  const isHourTooFine = range.days > MAX_HOURLY_RANGE_DAYS;

  return (
    <Stack gap="sm">
      <Group align="flex-end" gap="md" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id="analytics-range-label">
            Range
          </Text>
          <SegmentedControl
            aria-labelledby="analytics-range-label"
            data={RANGE_OPTIONS}
            value={filters.range}
            onChange={(value) =>
              onChange(
                value === 'custom'
                  ? { ...filters, range: 'custom', fromDate: filters.fromDate ?? range.fromDate, toDate: filters.toDate ?? range.toDate }
                  : { ...filters, range: value as RangeChoice, fromDate: null, toDate: null },
              )
            }
          />
        </Stack>
        {filters.range === 'custom' && (
          <>
            <TextInput
              type="date"
              label="From"
              value={range.fromDate}
              max={range.toDate}
              onChange={(event) => event.currentTarget.value && onChange({ ...filters, fromDate: event.currentTarget.value, toDate: range.toDate })}
              w={170}
            />
            <TextInput
              type="date"
              label="To"
              value={range.toDate}
              min={range.fromDate}
              onChange={(event) => event.currentTarget.value && onChange({ ...filters, fromDate: range.fromDate, toDate: event.currentTarget.value })}
              w={170}
            />
          </>
        )}
        <Stack gap={4}>
          <Text size="sm" fw={500} id="analytics-granularity-label">
            Group by
          </Text>
          <SegmentedControl
            aria-labelledby="analytics-granularity-label"
            data={[
              { value: 'hour', label: 'Hour', disabled: isHourTooFine },
              { value: 'day', label: 'Day' },
              { value: 'week', label: 'Week' },
            ]}
            value={isHourTooFine && filters.granularity === 'hour' ? 'day' : filters.granularity}
            onChange={(value) => onChange({ ...filters, granularity: value as AnalyticsFilters['granularity'] })}
          />
        </Stack>
        <Select
          label="CRM"
          data={PLATFORM_OPTIONS}
          value={filters.platform ?? ''}
          onChange={(value) => onChange({ ...filters, platform: (value || null) as AnalyticsFilters['platform'] })}
          allowDeselect={false}
          w={170}
        />
        <Select
          label="Segment"
          data={segmentOptions}
          value={filters.segment ?? ''}
          onChange={(value) => onChange({ ...filters, segment: value || null })}
          allowDeselect={false}
          searchable
          nothingFoundMessage="No such segment"
          error={segments.isError ? `Segments could not be loaded: ${describeError(segments.error)}` : undefined}
          w={220}
        />
        <Select
          label="Time zone"
          data={zones}
          value={timeZone}
          onChange={(value) => value && value !== timeZone && onTimeZoneChange(value)}
          allowDeselect={false}
          searchable
          disabled={isSavingTimeZone}
          error={timeZoneError ? `Could not save the time zone: ${describeError(timeZoneError)}` : undefined}
          w={220}
        />
      </Group>
      <Text size="sm" c="gray.7" role="status">
        {formatDay(range.fromDate)} – {formatDay(range.toDate)} ({range.days} {range.days === 1 ? 'day' : 'days'}), days and hours in {timeZone}
        {isHourTooFine && filters.granularity === 'hour' ? `; hours only over ${MAX_HOURLY_RANGE_DAYS} days or fewer, so by day` : ''}
      </Text>
    </Stack>
  );
}
