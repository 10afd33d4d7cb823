import { Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { TAnalyticsChart } from '@voiceagent/shared';
import type { ReactNode } from 'react';
import { LoadError } from '../../../components/load-error';
import { isChartEmpty } from '../chart-data';

type AnalyticsSectionProps<T> = {
  title: string;
  headingId: string;
  query: UseQueryResult<T>;
  /** Every chart of the answer: when all are empty the section shows `empty` instead. */
  chartsOf: (data: T) => Array<TAnalyticsChart | null>;
  /** What an empty range means here, and what to do next. */
  empty: ReactNode;
  /** A line of totals above the charts. */
  summary?: (data: T) => ReactNode;
  children: (data: T) => ReactNode;
};

/** One section of the Analytics screen over its own query: skeleton, error with Retry, empty state, then its charts. */
export function AnalyticsSection<T>({ title, headingId, query, chartsOf, empty, summary, children }: AnalyticsSectionProps<T>) {
  const { data } = query;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {query.isPending ? (
          <SectionSkeleton label={`Loading ${title.toLowerCase()}`} />
        ) : data === undefined ? (
          <LoadError title={`Could not load ${title.toLowerCase()}`} query={query} />
        ) : chartsOf(data).every((chart) => chart === null || isChartEmpty(chart)) ? (
          typeof empty === 'string' ? <Text>{empty}</Text> : empty
        ) : (
          <>
            {summary?.(data)}
            {children(data)}
          </>
        )}
      </Stack>
    </Paper>
  );
}

export function SectionSkeleton({ label }: { label: string }) {
  return (
    <Stack gap="sm" role="status" aria-label={label}>
      <Skeleton height={14} width="40%" />
      <Skeleton height={200} />
      <Skeleton height={14} width="60%" />
    </Stack>
  );
}
