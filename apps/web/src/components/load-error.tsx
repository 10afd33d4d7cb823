import { Alert, Button, Stack, Text } from '@mantine/core';

/** What LoadError needs of a TanStack query to show its error and ask again. */
export type RetryableQuery = { error: Error | null; isFetching: boolean; refetch: () => Promise<unknown> };

type LoadErrorProps = {
  title: string;
  /** The query that failed: its message is shown, and Retry asks again. */
  query?: RetryableQuery;
  /** Shown instead of the query's message (a missing record needs words, not a Retry). */
  message?: string;
};

/** A part of a page that could not load: what, the server's message, and Retry. */
export function LoadError({ title, query, message }: LoadErrorProps) {
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{message ?? query?.error?.message ?? 'Something went wrong.'}</Text>
        {query && !message && (
          <Button size="xs" variant="default" onClick={() => void query.refetch()} loading={query.isFetching}>
            Retry
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
