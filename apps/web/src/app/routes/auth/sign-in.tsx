import { useSearchParams } from 'react-router-dom';
import { AuthLayout } from '../../../components/layouts/auth-layout';
import { SignInForm } from '../../../features/auth/components/sign-in-form';
import { RedirectIfSignedIn } from '../../../lib/auth-guards';

export function SignInRoute() {
  const [searchParams] = useSearchParams();
  return (
    <RedirectIfSignedIn>
      <AuthLayout title="Sign in">
        <SignInForm redirectTo={searchParams.get('redirectTo')} />
      </AuthLayout>
    </RedirectIfSignedIn>
  );
}
