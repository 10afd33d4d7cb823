import { Button, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { LoadError, type RetryableQuery } from './load-error';
import { describeError } from '../lib/error-messages';

/** What PagedSection needs of a TanStack infinite query. */
export type PagedQuery = RetryableQuery & {
  isPending: boolean;
  data: unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
};

type PagedSectionProps = {
  title: string;
  headingId: string;
  query: PagedQuery;
  /** What the list holds, in the plural: "Loading contacts", "Show more contacts". */
  noun: string;
  errorTitle: string;
  isEmpty: boolean;
  /** Shown when the first page holds nothing: what that means, and what to do next. */
  empty: ReactNode;
  /** The items loaded so far. */
  children: ReactNode;
};

/**
 * A titled part of a page over a list read a page at a time: skeleton while the first page
 * loads, the server's message and Retry when it fails, the empty state, then the items with
 * "Show more" (and what went wrong when a later page fails).
 */
export function PagedSection({ title, headingId, query, noun, errorTitle, isEmpty, empty, children }: PagedSectionProps) {
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
      <Stack gap="md">
        <Title order={2} size="h3" id={headingId}>
          {title}
        </Title>
        {query.isPending ? (
          <Stack gap="sm" role="status" aria-label={`Loading ${noun}`}>
            {Array.from({ length: 4 }, (_, i) => (
              <Skeleton key={i} height={16} width={`${80 - i * 12}%`} />
            ))}
          </Stack>
        ) : query.error && !query.data ? (
          <LoadError title={errorTitle} query={query} />
        ) : isEmpty ? (
          empty
        ) : (
          <>
            {children}
            {query.isFetchNextPageError && (
              <Text size="sm" c="red.9" role="alert">
                Could not load more {noun}. {describeError(query.error)}
              </Text>
            )}
            {query.hasNextPage && (
              <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
                Show more {noun}
              </Button>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
