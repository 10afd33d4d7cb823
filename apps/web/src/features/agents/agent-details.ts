import { ZCreateAgentBody, type TAgentVoice } from '@voiceagent/shared';
import { ApiError } from '../../lib/api-client';

/** What a person writes for an agent, in the create form and the edit dialog alike. */
export type AgentDetails = { name: string; voice: TAgentVoice | null; greeting: string; instructions: string };
export type AgentDetailField = keyof AgentDetails;
export type AgentDetailErrors = Partial<Record<AgentDetailField | 'contacts', string>>;

export const AGENT_DETAIL_FIELDS: AgentDetailField[] = ['name', 'voice', 'greeting', 'instructions'];
const ZAgentDetails = ZCreateAgentBody.pick({ name: true, voice: true, greeting: true, instructions: true });

/** The shared contract's verdict on the details, a message per wrong field. */
export function validateAgentDetails(details: AgentDetails): AgentDetailErrors {
  const result = ZAgentDetails.safeParse(details);
  const errors: AgentDetailErrors = {};
  if (result.success) return errors;
  for (const issue of result.error.issues) {
    const field = issue.path[0] as AgentDetailField;
    errors[field] ??= field === 'voice' ? 'Choose a voice' : issue.message;
  }
  return errors;
}

/** The server's 400 names fields as `name` or `contacts.filter.q`: each message goes where it belongs. */
export function toAgentDetailErrors(error: unknown): AgentDetailErrors {
  if (!(error instanceof ApiError) || error.code !== 'validation_failed') return {};
  const issues = (error.details as { issues?: Array<{ field: string; message: string }> } | undefined)?.issues ?? [];
  const errors: AgentDetailErrors = {};
  for (const issue of issues) {
    const field = issue.field.split('.')[0] as AgentDetailField | 'contacts';
    if (field === 'contacts' || AGENT_DETAIL_FIELDS.includes(field)) errors[field] ??= issue.message;
  }
  return errors;
}
