import type { ReactNode } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router-dom';
import { paths } from '../config/paths';
import { useAuth } from './auth';
import { getSafeRedirect } from './redirect';

/** Sends a signed-out visitor to sign-in, remembering where they were going. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { session, hasSignedOut } = useAuth();
  const location = useLocation();
  if (!session) {
    const here = `${location.pathname}${location.search}${location.hash}`;
    const isWorthRemembering = !hasSignedOut && here !== paths.home.path;
    return <Navigate to={paths.auth.signIn.getHref(isWorthRemembering ? here : null)} replace />;
  }
  return children;
}

/** Sends a signed-in visitor of the auth screens on to where they were going, or to the CRM page. */
export function RedirectIfSignedIn({ children }: { children: ReactNode }) {
  const { session } = useAuth();
  const [searchParams] = useSearchParams();
  if (session) return <Navigate to={getSafeRedirect(searchParams.get('redirectTo'))} replace />;
  return children;
}
