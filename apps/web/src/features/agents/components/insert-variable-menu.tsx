import { Button, Menu, Text } from '@mantine/core';
import type { TPromptVariable } from '@voiceagent/shared';

type InsertVariableMenuProps = {
  /** The id of the field's label: the button is described by it ("Insert variable", "Greeting"). */
  describedBy: string;
  variables: readonly TPromptVariable[] | undefined;
  isLoading: boolean;
  isError: boolean;
  onInsert: (name: string) => void;
};

/** "Insert variable": the contact fields, then the mapped custom fields, each put at the cursor as {{name}}. */
export function InsertVariableMenu({ describedBy, variables, isLoading, isError, onInsert }: InsertVariableMenuProps) {
  const contact = variables?.filter((v) => v.source === 'contact') ?? [];
  const custom = variables?.filter((v) => v.source === 'custom') ?? [];
  const item = (variable: TPromptVariable) => (
    <Menu.Item
      key={variable.name}
      onClick={() => onInsert(variable.name)}
      rightSection={
        <Text size="xs" c="gray.7" ff="monospace">
          {variable.name}
        </Text>
      }
    >
      {variable.label}
    </Menu.Item>
  );
  return (
    // Focus goes back to the text, at the inserted variable, not to this button.
    <Menu position="bottom-start" shadow="md" width={360} returnFocus={false}>
      <Menu.Target>
        <Button size="compact-sm" variant="default" aria-describedby={describedBy}>
          Insert variable
        </Button>
      </Menu.Target>
      <Menu.Dropdown mah={340} style={{ overflowY: 'auto' }}>
        {isLoading && <Menu.Label>Loading the variables…</Menu.Label>}
        {isError && !variables && <Menu.Label>The variables could not be loaded; type them as {'{{contact.first_name}}'}.</Menu.Label>}
        {variables && (
          <>
            <Menu.Label>Contact</Menu.Label>
            {contact.map(item)}
            <Menu.Divider />
            <Menu.Label>Custom fields</Menu.Label>
            {custom.map(item)}
            {custom.length === 0 && <Menu.Label>None yet: choose fields to sync with Fields on a CRM card.</Menu.Label>}
          </>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
