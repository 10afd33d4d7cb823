import { Group, Stack, Text, Textarea, type TextareaProps } from '@mantine/core';
import type { TPromptVariable } from '@voiceagent/shared';
import { useId, useRef } from 'react';
import { findPromptProblems, insertVariable } from '../prompt-editing';
import { InsertVariableMenu } from './insert-variable-menu';

type PromptTextareaProps = Omit<TextareaProps, 'value' | 'onChange'> & {
  label: string;
  value: string;
  onChange: (value: string) => void;
  variables: readonly TPromptVariable[] | undefined;
  isLoadingVariables: boolean;
  isVariablesError: boolean;
  /** Where the form registers the element, to focus it on an error. */
  registerRef: (element: HTMLTextAreaElement | null) => void;
};

const PROBLEMS_SHOWN = 3;

/** A greeting or instructions field that takes {{variables}}: an Insert variable menu, and each unknown variable flagged as typed. */
export function PromptTextarea({ label, value, onChange, variables, isLoadingVariables, isVariablesError, registerRef, error, ...textareaProps }: PromptTextareaProps) {
  const element = useRef<HTMLTextAreaElement | null>(null);
  const id = useId();
  // The form's error (from Save) says it already; the live list is for before saving.
  const problems = error ? [] : findPromptProblems(value, variables);

  const insert = (name: string) => {
    const textarea = element.current;
    const next = insertVariable(value, textarea?.selectionStart ?? value.length, textarea?.selectionEnd ?? value.length, name);
    onChange(next.text);
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(next.cursor, next.cursor);
    });
  };

  return (
    <Stack gap={4}>
      <Textarea
        {...textareaProps}
        id={id}
        label={label}
        value={value}
        onChange={(event) => onChange(event.currentTarget.value)}
        error={error}
        ref={(node) => {
          element.current = node;
          registerRef(node);
        }}
      />
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <InsertVariableMenu describedBy={`${id}-label`} variables={variables} isLoading={isLoadingVariables} isError={isVariablesError} onInsert={insert} />
        {problems.length > 0 && (
          <Stack gap={0}>
            {problems.slice(0, PROBLEMS_SHOWN).map((problem) => (
              <Text key={`${problem.offset}:${problem.message}`} size="sm" c="orange.9">
                ⚠ {problem.message}
              </Text>
            ))}
            {problems.length > PROBLEMS_SHOWN && (
              <Text size="sm" c="orange.9">
                and {problems.length - PROBLEMS_SHOWN} more
              </Text>
            )}
          </Stack>
        )}
      </Group>
    </Stack>
  );
}
