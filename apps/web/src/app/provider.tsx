import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { FullPageError } from '../components/full-page-error';
import { FullPageLoader } from '../components/full-page-loader';
import { AuthProvider, useAuth } from '../lib/auth';
import { BackendProvider } from '../lib/backend';
import { usePublicConfig } from '../lib/public-config';
import { createQueryClient } from '../lib/react-query';
import { cssVariablesResolver, theme } from './theme';
import { describeError } from '../lib/error-messages';

export function AppProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <RuntimeGate>{children}</RuntimeGate>
      </QueryClientProvider>
    </MantineProvider>
  );
}

/** Nothing below runs before the server has said where auth lives. */
function RuntimeGate({ children }: { children: ReactNode }) {
  const config = usePublicConfig();
  if (config.isPending) return <FullPageLoader />;
  if (config.isError) {
    return (
      <FullPageError
        title="VoiceAgent CRM could not start"
        message={`Its settings could not be loaded from the server. ${describeError(config.error)}`}
        onRetry={() => void config.refetch()}
        isRetrying={config.isFetching}
      />
    );
  }
  return (
    <BackendProvider config={config.data}>
      <AuthProvider>
        <SessionGate>{children}</SessionGate>
      </AuthProvider>
    </BackendProvider>
  );
}

/** Routes decide on signed-in or not, so they wait for the stored session to be read. */
function SessionGate({ children }: { children: ReactNode }) {
  const { isLoading } = useAuth();
  if (isLoading) return <FullPageLoader label="Checking your session…" />;
  return children;
}
