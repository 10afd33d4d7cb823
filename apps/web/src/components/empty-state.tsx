import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

type EmptyStateProps = {
  title: string;
  children: ReactNode;
};

/** What a screen shows when there is nothing yet, and what the next step is. */
export function EmptyState({ title, children }: EmptyStateProps) {
  return (
    <Paper withBorder radius="md" p="xl" component="section" aria-label={title}>
      <Stack gap="xs" maw={640}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {typeof children === 'string' ? <Text>{children}</Text> : children}
      </Stack>
    </Paper>
  );
}
