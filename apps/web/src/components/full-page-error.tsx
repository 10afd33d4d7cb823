import { Alert, Button, Center, Stack, Text, Title } from '@mantine/core';

type FullPageErrorProps = {
  title: string;
  message: string;
  onRetry: () => void;
  isRetrying?: boolean;
  retryLabel?: string;
};

export function FullPageError({ title, message, onRetry, isRetrying = false, retryLabel = 'Retry' }: FullPageErrorProps) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack maw={480} gap="md">
        <Title order={1}>{title}</Title>
        <Alert color="red" variant="light" role="alert" title="What went wrong">
          <Text size="sm">{message}</Text>
        </Alert>
        <Button onClick={onRetry} loading={isRetrying} style={{ alignSelf: 'flex-start' }}>
          {retryLabel}
        </Button>
      </Stack>
    </Center>
  );
}
