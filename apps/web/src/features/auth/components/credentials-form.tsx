import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';
import type { z } from 'zod';
import { useZodForm } from '../../../hooks/use-zod-form';
import type { Credentials } from '../../../lib/auth';

type CredentialsFormProps = {
  /** The form's accessible name and its submit button's text. */
  action: string;
  schema: z.ZodType<Credentials>;
  /** The sign-in or sign-up mutation. */
  submission: { mutate: (credentials: Credentials) => void; isPending: boolean; error: Error | null };
  failureTitle: string;
  passwordAutoComplete: 'current-password' | 'new-password';
  passwordDescription?: string;
  /** The way to the other form. */
  footer: ReactNode;
};

/** Email and password, checked by `schema` before anything is sent; the server's refusal above them. */
export function CredentialsForm({ action, schema, submission, failureTitle, passwordAutoComplete, passwordDescription, footer }: CredentialsFormProps) {
  const form = useZodForm(schema, { email: '', password: '' });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const credentials = form.validate();
    if (credentials) submission.mutate(credentials);
  };

  return (
    <form onSubmit={handleSubmit} noValidate aria-label={action}>
      <Stack gap="md">
        {submission.error && (
          <Alert color="red" variant="light" title={failureTitle} role="alert">
            {submission.error.message}
          </Alert>
        )}
        <TextInput label="Email" type="email" autoComplete="email" withAsterisk {...form.getInputProps('email')} />
        <PasswordInput
          label="Password"
          description={passwordDescription}
          autoComplete={passwordAutoComplete}
          withAsterisk
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide password' }}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={submission.isPending} fullWidth>
          {action}
        </Button>
        {footer}
      </Stack>
    </form>
  );
}
