/**
 * The signed-in credential, kept in sessionStorage: it lives as long as the tab, is not shared with other tabs or
 * sites, and is gone when the browser closes. An API key pasted here is never written anywhere else.
 */
export type StoredCredential = { kind: 'api-key'; key: string } | { kind: 'sso'; accessToken: string; expiresAt: number; name?: string };

const KEY = 'issuer-console.credential';

export function loadCredential(): StoredCredential | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const value = JSON.parse(raw) as StoredCredential;
    if (value.kind === 'sso' && value.expiresAt <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return value;
  } catch {
    return undefined;
  }
}

export function saveCredential(credential: StoredCredential): void {
  sessionStorage.setItem(KEY, JSON.stringify(credential));
}

export function clearCredential(): void {
  sessionStorage.removeItem(KEY);
}

export function bearerOf(credential: StoredCredential | undefined): string | undefined {
  if (!credential) return undefined;
  return credential.kind === 'api-key' ? credential.key : credential.accessToken;
}
