import { Radio, Stack, TextInput } from '@mantine/core';
import type { RefObject } from 'react';
import type { LoginHostChoice, LoginHostKind } from '../login-host';

type LoginHostFieldProps = {
  /** Names the CRM in the labels ("Salesforce login"). */
  name: string;
  choice: LoginHostChoice;
  onChange: (choice: LoginHostChoice) => void;
  /** Why the My Domain host cannot be used, shown on its field; null when fine. */
  error: string | null;
  disabled?: boolean;
  myDomainRef?: RefObject<HTMLInputElement | null>;
};

const KINDS: Array<{ value: LoginHostKind; label: string; description: string }> = [
  { value: 'production', label: 'Production', description: 'login.salesforce.com' },
  { value: 'sandbox', label: 'Sandbox', description: 'test.salesforce.com' },
  { value: 'my_domain', label: 'My Domain', description: "Your org's own login host" },
];

/** Where the org signs in, chosen before Connect: production, a sandbox org, or the org's My Domain. */
export function LoginHostField({ name, choice, onChange, error, disabled = false, myDomainRef }: LoginHostFieldProps) {
  return (
    <Stack gap="xs">
      <Radio.Group
        label={`${name} login`}
        description="Where your org signs in"
        value={choice.kind}
        onChange={(value) => onChange({ ...choice, kind: value as LoginHostKind })}
      >
        <Stack gap={6} mt={6}>
          {KINDS.map((kind) => (
            <Radio key={kind.value} value={kind.value} label={kind.label} description={kind.description} disabled={disabled} />
          ))}
        </Stack>
      </Radio.Group>
      {choice.kind === 'my_domain' && (
        <TextInput
          ref={myDomainRef}
          label="My Domain host"
          placeholder="acme.my.salesforce.com"
          value={choice.myDomain}
          onChange={(event) => onChange({ ...choice, myDomain: event.currentTarget.value })}
          error={error}
          disabled={disabled}
          autoComplete="off"
          spellCheck={false}
          inputMode="url"
          withAsterisk
        />
      )}
    </Stack>
  );
}
