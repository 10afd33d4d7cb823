import { Stack } from '@mantine/core';
import { useCrmCredentials } from '../api/get-crm-credentials';
import { useOAuthReturnNotice } from '../hooks/use-oauth-return-notice';
import { PlatformCards } from './platform-cards';

/** The CRM Integration screen: a card per platform, then the synced contacts. */
export function CRMIntegration() {
  useOAuthReturnNotice();
  const credentials = useCrmCredentials();
  return (
    <Stack gap="xl">
      <PlatformCards credentials={credentials} />
    </Stack>
  );
}
