import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { get, setCredentialSource } from '../api/client';
import { bearerOf, clearCredential, loadCredential, saveCredential, type StoredCredential } from './credential-store';
import type { Principal } from './roles';

interface AuthState {
  principal?: Principal;
  /** Display name of the SSO user, when the ID token gave one. */
  name?: string;
  /** True until the stored credential (if any) has been checked against /api/v1/me. */
  checking: boolean;
  signIn(credential: StoredCredential): Promise<Principal>;
  signOut(): void;
}

const AuthContext = createContext<AuthState | undefined>(undefined);

/**
 * Holds who is signed in. A credential is only kept once `GET /api/v1/me` accepted it; a later 401 (key revoked,
 * token expired) signs out, and the query cache is dropped so nothing of the previous principal stays on screen.
 */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [credential, setCredential] = useState<StoredCredential | undefined>(() => loadCredential());
  const [principal, setPrincipal] = useState<Principal>();
  const [checking, setChecking] = useState(() => credential !== undefined);

  const signOut = useCallback(() => {
    clearCredential();
    setCredential(undefined);
    setPrincipal(undefined);
    queryClient.clear();
  }, [queryClient]);

  useEffect(() => {
    setCredentialSource({ bearer: () => bearerOf(credential), onUnauthorized: signOut });
  }, [credential, signOut]);

  useEffect(() => {
    if (!credential || principal) return;
    let cancelled = false;
    get<Principal>('/me')
      .then((me) => !cancelled && setPrincipal(me))
      .catch(() => !cancelled && signOut())
      .finally(() => !cancelled && setChecking(false));
    return () => {
      cancelled = true;
    };
  }, [credential, principal, signOut]);

  // An SSO token ends at its expiry: sign out then rather than fail every request after it.
  useEffect(() => {
    if (credential?.kind !== 'sso') return;
    const timer = setTimeout(signOut, Math.max(0, credential.expiresAt - Date.now()));
    return () => clearTimeout(timer);
  }, [credential, signOut]);

  const signIn = useCallback(async (next: StoredCredential) => {
    setCredentialSource({ bearer: () => bearerOf(next), onUnauthorized: () => undefined });
    const me = await get<Principal>('/me');
    saveCredential(next);
    setCredential(next);
    setPrincipal(me);
    setChecking(false);
    return me;
  }, []);

  const value = useMemo<AuthState>(
    () => ({ principal, name: credential?.kind === 'sso' ? credential.name : undefined, checking, signIn, signOut }),
    [principal, credential, checking, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
