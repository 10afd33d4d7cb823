import { Stack } from '@mantine/core';
import { PageHeading } from '../../../components/page-heading';
import { CrmEmptyState } from '../../../features/crm/components/crm-empty-state';

export function CrmRoute() {
  return (
    <Stack gap="lg">
      <PageHeading title="CRM" />
      <CrmEmptyState />
    </Stack>
  );
}
