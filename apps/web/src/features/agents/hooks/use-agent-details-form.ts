import { useRef, useState } from 'react';
import { usePromptVariables } from '../api/get-prompt-variables';
import { AGENT_DETAIL_FIELDS, validateAgentDetails, type AgentDetailErrors, type AgentDetailField, type AgentDetails } from '../agent-details';
import { validatePrompts } from '../prompt-editing';

/**
 * The state behind AgentDetailsFields, for the create form and the edit dialog alike: errors
 * appear when asked for, then follow each change of a wrong field, and focus goes to the first.
 */
export function useAgentDetailsForm(initial: AgentDetails) {
  const [details, setDetails] = useState<AgentDetails>(initial);
  const [errors, setErrors] = useState<AgentDetailErrors>({});
  const inputs = useRef<Partial<Record<AgentDetailField, HTMLInputElement | HTMLTextAreaElement | null>>>({});
  const variables = usePromptVariables();

  /** The contract's verdict, then the prompts' variables (unknown ones are refused by the server too). */
  const validate = (next: AgentDetails = details): AgentDetailErrors => ({ ...validatePrompts(next, variables.data), ...validateAgentDetails(next) });

  const setField = <F extends AgentDetailField>(field: F, value: AgentDetails[F]) => {
    const next = { ...details, [field]: value };
    setDetails(next);
    // Errors shown follow each change; new ones wait for the next submit.
    if (errors[field]) setErrors((current) => ({ ...current, [field]: validate(next)[field] }));
  };

  /** Shows `found` and focuses the first wrong detail; false when no detail is wrong (the caller places the rest). */
  const showErrors = (found: AgentDetailErrors): boolean => {
    setErrors(found);
    const first = AGENT_DETAIL_FIELDS.find((field) => found[field]);
    if (first) inputs.current[first]?.focus();
    return first !== undefined;
  };

  const inputRef = (field: AgentDetailField) => (element: HTMLInputElement | HTMLTextAreaElement | null) => {
    inputs.current[field] = element;
  };

  /** Drops one error (the contacts' one, when the selection changes). */
  const clearError = (field: keyof AgentDetailErrors) => {
    if (errors[field]) setErrors((current) => ({ ...current, [field]: undefined }));
  };

  const reset = (next: AgentDetails) => {
    setDetails(next);
    setErrors({});
  };

  const promptVariables = { variables: variables.data, isLoading: variables.isPending, isError: variables.isError };
  return { details, errors, validate, showErrors, clearError, reset, fieldsProps: { details, errors, onChange: setField, inputRef, promptVariables } };
}
