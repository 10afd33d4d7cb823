import { Alert, Button, Stack, Text } from '@mantine/core';
import type { TPlatform } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../../config/platform-labels';
import { useFieldMappings } from '../api/get-field-mappings';
import { describeBrokenCount, describeInvalidCount } from '../field-labels';

const listFormat = new Intl.ListFormat('en', { type: 'conjunction' });

/**
 * On a connected card: mapped fields the CRM no longer has (syncs go on without them) and
 * values that did not fit their field. Silent while the mapping loads or cannot be read: the
 * card has more pressing news then.
 */
export function FieldMappingNotice({ platform, onReview }: { platform: TPlatform; onReview: () => void }) {
  const mappings = useFieldMappings(platform);
  const items = mappings.data?.mappings ?? [];
  const broken = items.filter((m) => m.status === 'broken');
  const invalid = items.reduce((sum, m) => sum + (m.status === 'ok' ? m.invalidValues : 0), 0);
  if (broken.length === 0 && invalid === 0) return null;
  const name = PLATFORM_LABELS[platform];
  return (
    <Alert color="orange" variant="light" title={broken.length > 0 ? describeBrokenCount(broken.length) : describeInvalidCount(invalid)}>
      <Stack gap={6} align="flex-start">
        {broken.length > 0 && (
          <Text size="sm">
            {listFormat.format(broken.map((m) => m.label || m.field))} {broken.length === 1 ? 'is' : 'are'} no longer in {name} (deleted, or renamed there). Syncs go on
            without {broken.length === 1 ? 'it' : 'them'}.
          </Text>
        )}
        {broken.length > 0 && invalid > 0 && <Text size="sm">{describeInvalidCount(invalid)}; they are kept as {name} sent them.</Text>}
        {broken.length === 0 && <Text size="sm">They are kept as {name} sent them; the contact shows which.</Text>}
        <Button size="xs" variant="default" onClick={onReview}>
          Review fields
        </Button>
      </Stack>
    </Alert>
  );
}
