import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { paths } from '../../../config/paths';
import { useSignIn } from '../../../lib/auth';
import { CredentialsForm } from './credentials-form';
import { ZSignInForm } from './credentials-schema';

/** Signing in succeeds by changing the session; the route's guard then moves on. */
export function SignInForm({ redirectTo }: { redirectTo: string | null }) {
  const signIn = useSignIn();
  return (
    <CredentialsForm
      action="Sign in"
      schema={ZSignInForm}
      submission={signIn}
      failureTitle="Sign-in failed"
      passwordAutoComplete="current-password"
      footer={
        <Text size="sm" ta="center">
          New to VoiceAgent CRM?{' '}
          <Anchor component={Link} to={paths.auth.signUp.getHref(redirectTo)}>
            Create an account
          </Anchor>
        </Text>
      }
    />
  );
}
