import type { Session } from '@supabase/auth-js';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createContext, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useAuthClient } from './backend';
import { PUBLIC_CONFIG_QUERY_KEY } from './public-config';

type AuthState = {
  session: Session | null;
  isLoading: boolean;
  /** True after this person pressed Sign out, as opposed to a session that ran out. */
  hasSignedOut: boolean;
};

type AuthContextValue = AuthState & {
  signOut: () => Promise<void>;
};

const AuthContext = createContext<AuthContextValue | null>(null);

export type Credentials = { email: string; password: string };

/** Follows the supabase-js auth client's session: the same code serves Supabase and the backend's local auth. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const auth = useAuthClient();
  const queryClient = useQueryClient();
  const [state, setState] = useState<AuthState>({ session: null, isLoading: true, hasSignedOut: false });
  const isSigningOut = useRef(false);
  const userId = useRef<string | null>(null);

  useEffect(() => {
    // The first event is INITIAL_SESSION, carrying the stored session (refreshed if needed) or null.
    const { data } = auth.onAuthStateChange((event, session) => {
      const nextUserId = session?.user.id ?? null;
      if (nextUserId !== userId.current) {
        // Another person's (or nobody's) data must not linger in the cache.
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== PUBLIC_CONFIG_QUERY_KEY[0] });
        userId.current = nextUserId;
      }
      const hasSignedOut = event === 'SIGNED_OUT' && isSigningOut.current;
      if (event === 'SIGNED_OUT') isSigningOut.current = false;
      setState({ session, isLoading: false, hasSignedOut });
    });
    return () => data.subscription.unsubscribe();
  }, [auth, queryClient]);

  const signOut = useCallback(async () => {
    isSigningOut.current = true;
    const { error } = await auth.signOut();
    if (error) {
      isSigningOut.current = false;
      throw error;
    }
  }, [auth]);

  const value = useMemo(() => ({ ...state, signOut }), [state, signOut]);
  return <AuthContext value={value}>{children}</AuthContext>;
}

export function useAuth(): AuthContextValue {
  const auth = use(AuthContext);
  if (!auth) throw new Error('useAuth must be used inside <AuthProvider>');
  return auth;
}

export function useSignIn() {
  const auth = useAuthClient();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      const { data, error } = await auth.signInWithPassword(credentials);
      if (error) throw error;
      return data;
    },
  });
}

export function useSignUp() {
  const auth = useAuthClient();
  return useMutation({
    mutationFn: async (credentials: Credentials) => {
      const { data, error } = await auth.signUp(credentials);
      if (error) throw error;
      // A Supabase project with email confirmation on answers without a session.
      return { needsEmailConfirmation: data.session === null };
    },
  });
}

export function useSignOut() {
  const { signOut } = useAuth();
  return useMutation({ mutationFn: signOut });
}
