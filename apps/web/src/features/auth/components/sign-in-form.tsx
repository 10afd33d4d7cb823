import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useSignIn } from '../../../lib/auth';
import { useZodForm } from '../../../hooks/use-zod-form';
import { ZSignInForm } from './credentials-schema';

/** Signing in succeeds by changing the session; the route's guard then moves on. */
export function SignInForm({ redirectTo }: { redirectTo: string | null }) {
  const signIn = useSignIn();
  const form = useZodForm(ZSignInForm, { email: '', password: '' });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const credentials = form.validate();
    if (credentials) signIn.mutate(credentials);
  };

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Sign in">
      <Stack gap="md">
        {signIn.error && (
          <Alert color="red" variant="light" title="Sign-in failed" role="alert">
            {signIn.error.message}
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
          autoComplete="current-password"
          withAsterisk
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide password' }}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={signIn.isPending} fullWidth>
          Sign in
        </Button>
        <Text size="sm" ta="center">
          New to VoiceAgent CRM?{' '}
          <Anchor component={Link} to={paths.auth.signUp.getHref(redirectTo)}>
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
