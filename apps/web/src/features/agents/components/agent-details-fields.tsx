import { Select, TextInput } from '@mantine/core';
import { AGENT_GREETING_MAX, AGENT_INSTRUCTIONS_MAX, AGENT_NAME_MAX, AGENT_VOICES, type TAgentVoice, type TPromptVariable } from '@voiceagent/shared';
import type { AgentDetailErrors, AgentDetailField, AgentDetails } from '../agent-details';
import { VOICE_LABELS } from '../labels';
import { PromptTextarea } from './prompt-textarea';

/** What the prompt fields know of the variables: the list, once loaded. */
export type PromptVariablesState = { variables: readonly TPromptVariable[] | undefined; isLoading: boolean; isError: boolean };

type AgentDetailsFieldsProps = {
  details: AgentDetails;
  errors: AgentDetailErrors;
  onChange: <F extends AgentDetailField>(field: F, value: AgentDetails[F]) => void;
  /** Where each input registers itself, so a form can move focus to the first wrong one. */
  inputRef: (field: AgentDetailField) => (element: HTMLInputElement | HTMLTextAreaElement | null) => void;
  promptVariables: PromptVariablesState;
};

/** Name, voice, greeting and instructions: the agent's own fields. */
export function AgentDetailsFields({ details, errors, onChange, inputRef, promptVariables }: AgentDetailsFieldsProps) {
  const variableProps = { variables: promptVariables.variables, isLoadingVariables: promptVariables.isLoading, isVariablesError: promptVariables.isError };
  return (
    <>
      <TextInput
        label="Name"
        withAsterisk
        maxLength={AGENT_NAME_MAX}
        value={details.name}
        onChange={(event) => onChange('name', event.currentTarget.value)}
        error={errors.name}
        ref={inputRef('name')}
      />
      <Select
        label="Voice"
        withAsterisk
        placeholder="Choose a voice"
        data={AGENT_VOICES.map((voice) => ({ value: voice, label: VOICE_LABELS[voice] }))}
        value={details.voice}
        onChange={(value) => onChange('voice', value as TAgentVoice | null)}
        error={errors.voice}
        ref={inputRef('voice')}
      />
      <PromptTextarea
        label="Greeting"
        description={`What the agent says first; {{variables}} take each contact's values. ${details.greeting.length} of ${AGENT_GREETING_MAX} characters.`}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        autosize
        minRows={2}
        maxLength={AGENT_GREETING_MAX}
        value={details.greeting}
        onChange={(value) => onChange('greeting', value)}
        error={errors.greeting}
        registerRef={inputRef('greeting')}
        {...variableProps}
      />
      <PromptTextarea
        label="Instructions"
        description={`How the agent should run the call. ${details.instructions.length} of ${AGENT_INSTRUCTIONS_MAX} characters.`}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
        autosize
        minRows={4}
        maxRows={12}
        maxLength={AGENT_INSTRUCTIONS_MAX}
        value={details.instructions}
        onChange={(value) => onChange('instructions', value)}
        error={errors.instructions}
        registerRef={inputRef('instructions')}
        {...variableProps}
      />
    </>
  );
}
