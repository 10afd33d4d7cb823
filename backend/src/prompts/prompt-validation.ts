import type { PoolClient } from 'pg';
import { checkPromptTemplate, parsePromptTemplate, type TPromptTemplateError } from '@voiceagent/shared';
import { AppError } from '../http/app-error';
import type { FieldIssue } from '../http/validate';
import { listCustomKeys } from './prompt-fields-repository';

/** A 400's issue about a prompt: the field, what is wrong, and the variable and its offset in the text as saved (trimmed). */
export type PromptIssue = FieldIssue & { variable?: string; offset: number };

export type PromptTexts = { greeting?: string; instructions?: string };

/**
 * Refuses a greeting or instructions with a broken `{{…}}` or a variable the user cannot have:
 * a contact field not in PROMPT_CONTACT_VARIABLES, or a custom key none of their mappings (on
 * any connection) defines. Only the texts given are checked; text without variables costs no query.
 */
export async function assertValidPrompts(db: PoolClient, userId: string, texts: PromptTexts): Promise<void> {
  const fields = (['greeting', 'instructions'] as const).filter((field) => texts[field] !== undefined);
  const usesCustom = fields.some((field) => parsePromptTemplate(texts[field]!).variables.some((variable) => variable.namespace === 'custom'));
  const customKeys = usesCustom ? await listCustomKeys(db, userId) : new Set<string>();
  const issues = fields.flatMap((field) => checkPromptTemplate(texts[field]!, customKeys).map((error) => toIssue(field, error)));
  if (issues.length === 0) return;
  const named = issues.map((issue) => (issue.variable ? `${issue.field} (${issue.variable})` : issue.field));
  throw new AppError('validation_failed', `Invalid body: ${[...new Set(named)].join(', ')}`, { issues });
}

function toIssue(field: string, error: TPromptTemplateError): PromptIssue {
  return { field, message: error.message, ...(error.variable ? { variable: error.variable } : {}), offset: error.offset };
}
