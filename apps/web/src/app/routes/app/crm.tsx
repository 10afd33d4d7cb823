import { Stack } from '@mantine/core';
import { PageHeading } from '../../../components/page-heading';
import { CRMIntegration } from '../../../features/crm/components/crm-integration';

export function CrmRoute() {
  return (
    <Stack gap="lg">
      <PageHeading title="CRM" />
      <CRMIntegration />
    </Stack>
  );
}
