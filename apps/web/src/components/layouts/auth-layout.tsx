import { Center, Paper, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PageHeading } from '../page-heading';

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={420} gap="lg">
        <Text fw={700} size="lg" ta="center">
          VoiceAgent CRM
        </Text>
        <Paper withBorder shadow="sm" radius="md" p="xl">
          <Stack gap="lg">
            <PageHeading title={title} />
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
