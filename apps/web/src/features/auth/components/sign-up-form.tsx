import { Alert, Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useSignUp } from '../../../lib/auth';
import { useRuntimeConfig } from '../../../lib/backend';
import { CredentialsForm } from './credentials-form';
import { MIN_PASSWORD_LENGTH, ZSignUpForm } from './credentials-schema';

/** Local auth (and Supabase without email confirmation) signs the new person in at once. */
export function SignUpForm({ redirectTo }: { redirectTo: string | null }) {
  const signUp = useSignUp();
  const { authMode } = useRuntimeConfig();

  // Local accounts send no email: an answer without a session means the address already has an
  // account (said without confirming it, as Supabase does), so the way on is signing in.
  if (signUp.data?.needsEmailConfirmation && authMode === 'local') {
    return (
      <Alert color="blue" variant="light" title="No new account was created" role="status">
        If {signUp.variables?.email} already has an account,{' '}
        <Anchor component={Link} to={paths.auth.signIn.getHref(redirectTo)}>
          sign in
        </Anchor>{' '}
        with its password.
      </Alert>
    );
  }

  if (signUp.data?.needsEmailConfirmation) {
    return (
      <Alert color="blue" variant="light" title="Check your email" role="status">
        We sent a confirmation link to {signUp.variables?.email}. Open it, then{' '}
        <Anchor component={Link} to={paths.auth.signIn.getHref(redirectTo)}>
          sign in
        </Anchor>
        .
      </Alert>
    );
  }

  return (
    <CredentialsForm
      action="Create account"
      schema={ZSignUpForm}
      submission={signUp}
      failureTitle="Sign-up failed"
      passwordAutoComplete="new-password"
      passwordDescription={`At least ${MIN_PASSWORD_LENGTH} characters`}
      footer={
        <Text size="sm" ta="center">
          Already have an account?{' '}
          <Anchor component={Link} to={paths.auth.signIn.getHref(redirectTo)}>
            Sign in
          </Anchor>
        </Text>
      }
    />
  );
}
