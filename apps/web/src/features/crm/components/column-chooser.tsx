import { Button, Checkbox, Loader, Popover, ScrollArea, Stack, Text, Title } from '@mantine/core';
import type { ContactColumn } from '../contact-columns';

type ColumnChooserProps = {
  standard: readonly ContactColumn[];
  custom: readonly ContactColumn[];
  /** Whether the mapped fields of some CRM are still being read. */
  isLoadingCustom: boolean;
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
};

/** "Columns": which standard columns and mapped custom fields the contacts list shows; remembered in this browser. */
export function ColumnChooser({ standard, custom, isLoadingCustom, chosen, onChange }: ColumnChooserProps) {
  const shown = standard.filter((c) => chosen.includes(c.id)).length + custom.filter((c) => chosen.includes(c.id)).length;
  return (
    <Popover position="bottom-end" shadow="md" width={320} trapFocus>
      <Popover.Target>
        <Button variant="default" aria-label={`Columns, ${shown} shown`}>
          Columns ({shown})
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label="Choose columns">
        <ScrollArea.Autosize mah={420} type="auto" offsetScrollbars>
          <Checkbox.Group value={[...chosen]} onChange={onChange}>
            <Stack gap="md">
              <Stack gap={6}>
                <Title order={3} size="h6">
                  Standard
                </Title>
                {standard.map((column) => (
                  <Checkbox key={column.id} value={column.id} label={column.label} />
                ))}
              </Stack>
              <Stack gap={6}>
                <Title order={3} size="h6">
                  Custom fields
                </Title>
                {custom.map((column) => (
                  <Checkbox key={column.id} value={column.id} label={column.label} description={column.description} />
                ))}
                {custom.length === 0 &&
                  (isLoadingCustom ? (
                    <Text size="sm" c="dimmed" role="status">
                      <Loader size="xs" mr={6} aria-hidden />
                      Reading the mapped fields…
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      No custom fields are synced yet. Choose them with Fields on a CRM card.
                    </Text>
                  ))}
              </Stack>
              <Text size="xs" c="dimmed">
                Extra columns show where the list is wide enough.
              </Text>
            </Stack>
          </Checkbox.Group>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
