import { useSearchParams } from 'react-router-dom';
import { AuthLayout } from '../../../components/layouts/auth-layout';
import { SignUpForm } from '../../../features/auth/components/sign-up-form';
import { RedirectIfSignedIn } from '../../../lib/auth-guards';

export function SignUpRoute() {
  const [searchParams] = useSearchParams();
  return (
    <RedirectIfSignedIn>
      <AuthLayout title="Create your account">
        <SignUpForm redirectTo={searchParams.get('redirectTo')} />
      </AuthLayout>
    </RedirectIfSignedIn>
  );
}
