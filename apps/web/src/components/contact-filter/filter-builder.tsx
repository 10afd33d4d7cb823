import { Button, CloseButton, Group, Paper, Select, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FILTER_TREE_MAX_CONDITIONS, FILTER_TREE_MAX_DEPTH, PLATFORMS, type TFilterField, type TFilterOperator } from '@voiceagent/shared';
import { PLATFORM_LABELS } from '../../config/platform-labels';
import {
  BLANK_CONDITION,
  GROUP_MODE_LABELS,
  addCondition,
  addGroup,
  canAddCondition,
  canAddGroup,
  changeConditionField,
  changeConditionOperator,
  changeConditionValue,
  childPath,
  issuesAt,
  removeNode,
  setGroupMode,
  type DraftAddress,
  type DraftCondition,
  type DraftGroup,
  type GroupMode,
} from '../../lib/contact-filter/filter-draft';
import { describeOperator } from '../../lib/contact-filter/filter-operators';
import type { TFilterTreeIssue } from '@voiceagent/shared';
import { FilterValueInput } from './filter-value-input';

type FilterBuilderProps = {
  draft: DraftGroup;
  onChange: (draft: DraftGroup) => void;
  fields: readonly TFilterField[];
  issues: readonly TFilterTreeIssue[];
};

/** The groups and condition rows of a filter being edited; each row shows what is wrong with it. */
export function FilterBuilder({ draft, onChange, fields, issues }: FilterBuilderProps) {
  const fieldOptions = buildFieldOptions(fields);
  const lookup = new Map(fields.map((field) => [field.field, field]));
  // Rows are numbered in reading order, so each input has a name of its own.
  const numbers = new Map<DraftCondition, number>();
  const number = (node: DraftGroup) =>
    node.children.forEach((child) => (child.type === 'condition' ? numbers.set(child, numbers.size + 1) : number(child)));
  number(draft);

  const renderGroup = (group: DraftGroup, address: DraftAddress, path: string): ReactNode => {
    const isRoot = address.length === 0;
    // "group 2.1": the first nested in the second at the top, as people count.
    const name = address.map((index) => index + 1).join('.');
    const modes: GroupMode[] = isRoot ? ['and', 'or'] : ['and', 'or', 'nor', 'nand'];
    const ownIssues = issuesAt(issues, path);
    return (
      <Stack gap="xs">
        <Group gap="xs">
          <Text size="sm">{isRoot ? 'Contacts matching' : 'Matching'}</Text>
          <Select
            aria-label={isRoot ? 'Match' : `Match of group ${name}`}
            data={modes.map((mode) => ({ value: mode, label: GROUP_MODE_LABELS[mode] }))}
            value={group.mode}
            onChange={(mode) => mode && onChange(setGroupMode(draft, address, mode as GroupMode))}
            allowDeselect={false}
            w={130}
            size="xs"
          />
          <Text size="sm">{isRoot ? 'these conditions' : 'these'}</Text>
        </Group>
        {group.children.map((child, index) => {
          const childAddress = [...address, index];
          const childName = childAddress.map((i) => i + 1).join('.');
          const childPathText = childPath(path, group.mode, index);
          if (child.type === 'group') {
            return (
              <Paper key={index} withBorder p="sm" radius="sm" component="fieldset" aria-label={`Group ${childName}`} style={{ margin: 0 }}>
                <Group justify="space-between" align="flex-start" wrap="nowrap">
                  <div style={{ flex: 1 }}>{renderGroup(child, childAddress, childPathText)}</div>
                  <CloseButton aria-label={`Remove group ${childName}`} onClick={() => onChange(removeNode(draft, childAddress))} />
                </Group>
              </Paper>
            );
          }
          const n = numbers.get(child)!;
          const field = lookup.get(child.field);
          return (
            <Stack key={index} gap={2} role="group" aria-label={`Condition ${n}`}>
              <Group gap="xs" align="flex-start" wrap="wrap">
                <Select
                  aria-label={`Field of condition ${n}`}
                  placeholder="Choose a field"
                  data={fieldOptions}
                  value={field ? child.field : null}
                  onChange={(next) => {
                    const chosen = next ? lookup.get(next) : undefined;
                    if (chosen) onChange(changeConditionField(draft, childAddress, chosen));
                  }}
                  searchable
                  allowDeselect={false}
                  w={230}
                />
                {field && (
                  <Select
                    aria-label={`Operator of condition ${n}`}
                    data={field.operators.map((operator) => ({ value: operator, label: describeOperator(operator, field.kind) }))}
                    value={child.operator}
                    onChange={(next) => next && onChange(changeConditionOperator(draft, childAddress, next as TFilterOperator, field.kind))}
                    allowDeselect={false}
                    w={170}
                  />
                )}
                {field && (
                  <FilterValueInput
                    field={field}
                    operator={child.operator}
                    value={child.value}
                    onChange={(value) => onChange(changeConditionValue(draft, childAddress, value))}
                    label={`Value of condition ${n}`}
                  />
                )}
                <CloseButton aria-label={`Remove condition ${n}`} onClick={() => onChange(removeNode(draft, childAddress))} mt={6} />
              </Group>
              {(field ? issuesAt(issues, childPathText) : [child.field === '' ? 'Choose a field' : `There is no field "${child.field}" any more`]).map((message) => (
                <Text key={message} size="xs" c="red.8">
                  {message}
                </Text>
              ))}
            </Stack>
          );
        })}
        <Group gap="xs">
          <Button size="xs" variant="default" disabled={!canAddCondition(draft)} onClick={() => onChange(addCondition(draft, address, BLANK_CONDITION))}>
            Add condition
          </Button>
          <Button
            size="xs"
            variant="subtle"
            disabled={!canAddGroup(draft, address)}
            title={canAddGroup(draft, address) ? undefined : `Groups nest at most ${FILTER_TREE_MAX_DEPTH} deep, with ${FILTER_TREE_MAX_CONDITIONS} conditions in all`}
            onClick={() => onChange(addGroup(draft, address, BLANK_CONDITION))}
          >
            Add group
          </Button>
        </Group>
        {ownIssues.map((message) => (
          <Text key={message} size="xs" c="red.8" role="alert">
            {message}
          </Text>
        ))}
      </Stack>
    );
  };

  return renderGroup(draft, [], '');
}

type FieldOption = { group: string; items: { value: string; label: string }[] };

/** Standard fields, then custom ones with the CRMs that feed them ("Plan · HubSpot, Zoho CRM"). */
export function buildFieldOptions(fields: readonly TFilterField[]): FieldOption[] {
  const standard = fields.filter((field) => !field.isCustom).map((field) => ({ value: field.field, label: field.label }));
  const custom = fields
    .filter((field) => field.isCustom)
    .map((field) => {
      const crms = PLATFORMS.filter((platform) => field.platforms.includes(platform)).map((platform) => PLATFORM_LABELS[platform]);
      return { value: field.field, label: crms.length > 0 ? `${field.label} · ${crms.join(', ')}` : field.label };
    });
  return [
    ...(standard.length > 0 ? [{ group: 'Standard', items: standard }] : []),
    ...(custom.length > 0 ? [{ group: 'Custom', items: custom }] : []),
  ];
}
