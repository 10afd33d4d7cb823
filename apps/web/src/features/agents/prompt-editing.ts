import { checkPromptTemplate, parsePromptTemplate, type TPromptTemplateError, type TPromptVariable } from '@voiceagent/shared';
import type { AgentDetailErrors, AgentDetails } from './agent-details';

/** The fields of an agent that accept `{{variables}}`. */
export const PROMPT_FIELDS = ['greeting', 'instructions'] as const;
export type PromptField = (typeof PROMPT_FIELDS)[number];

/**
 * `{{name}}` put where the cursor is, replacing any selected text; the cursor goes after it.
 * A space is added before it when it would otherwise stick to a word ("Hello{{…}}").
 */
export function insertVariable(text: string, selectionStart: number, selectionEnd: number, name: string): { text: string; cursor: number } {
  const start = Math.max(0, Math.min(selectionStart, text.length));
  const end = Math.max(start, Math.min(selectionEnd, text.length));
  const before = text.slice(0, start);
  const gap = /[\p{L}\p{N}]$/u.test(before) ? ' ' : '';
  const token = `${gap}{{${name}}}`;
  return { text: `${before}${token}${text.slice(end)}`, cursor: start + token.length };
}

/**
 * What the server would refuse in a template: its syntax errors, and, once the variables are
 * known, every variable that is not one of them. Without the list (still loading, or it failed)
 * only the syntax is checked; the server checks the rest when saving.
 */
export function findPromptProblems(text: string, variables: readonly TPromptVariable[] | undefined): TPromptTemplateError[] {
  if (!variables) return parsePromptTemplate(text).errors;
  const customKeys = new Set(variables.flatMap((v) => (v.source === 'custom' ? [v.name.replace(/^custom\./, '')] : [])));
  return checkPromptTemplate(text, customKeys);
}

/** The first problem of each prompt field, as a form error. */
export function validatePrompts(details: Pick<AgentDetails, PromptField>, variables: readonly TPromptVariable[] | undefined): AgentDetailErrors {
  const errors: AgentDetailErrors = {};
  for (const field of PROMPT_FIELDS) {
    const [first, ...rest] = findPromptProblems(details[field], variables);
    if (first) errors[field] = rest.length > 0 ? `${first.message} (and ${rest.length} more)` : first.message;
  }
  return errors;
}
