import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useSignUp } from '../../../lib/auth';
import { useZodForm } from '../../../hooks/use-zod-form';
import { MIN_PASSWORD_LENGTH, ZSignUpForm } from './credentials-schema';

/** Local auth (and Supabase without email confirmation) signs the new person in at once. */
export function SignUpForm({ redirectTo }: { redirectTo: string | null }) {
  const signUp = useSignUp();
  const form = useZodForm(ZSignUpForm, { email: '', password: '' });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const credentials = form.validate();
    if (credentials) signUp.mutate(credentials);
  };

  if (signUp.data?.needsEmailConfirmation) {
    return (
      <Alert color="blue" variant="light" title="Check your email" role="status">
        We sent a confirmation link to {form.values.email}. Open it, then{' '}
        <Anchor component={Link} to={paths.auth.signIn.getHref(redirectTo)}>
          sign in
        </Anchor>
        .
      </Alert>
    );
  }

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Create account">
      <Stack gap="md">
        {signUp.error && (
          <Alert color="red" variant="light" title="Sign-up failed" role="alert">
            {signUp.error.message}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          withAsterisk
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters`}
          autoComplete="new-password"
          withAsterisk
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide password' }}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={signUp.isPending} fullWidth>
          Create account
        </Button>
        <Text size="sm" ta="center">
          Already have an account?{' '}
          <Anchor component={Link} to={paths.auth.signIn.getHref(redirectTo)}>
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
