import { Alert, Button, Stack, Text } from '@mantine/core';
import { describeError } from '../lib/error-messages';

/** What LoadError needs of a TanStack query to show its error and ask again. */
export type RetryableQuery = { error: Error | null; isFetching: boolean; refetch: () => Promise<unknown> };

type LoadErrorProps = {
  title: string;
  /** The query that failed: its error is explained, and Retry asks again. */
  query?: RetryableQuery;
  /** Shown instead of the query's message (a missing record needs words, not a Retry). */
  message?: string;
};

/** A part of a page that could not load: what, why (see describeError), and Retry. */
export function LoadError({ title, query, message }: LoadErrorProps) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message ?? describeError(query?.error)}</Text>
        {query && !message && (
          <Button size="xs" variant="default" onClick={() => void query.refetch()} loading={query.isFetching}>
            Retry
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
