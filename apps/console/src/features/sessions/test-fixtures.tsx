import { Outlet, type RouteObject } from 'react-router-dom';
import { RequireAuth } from '../../app/RequireAuth';
import type { EventName, IssuerEvent, Session } from './types';

export const ISSUER = 'acme';
export const SESSION_ID = 'case-42';

export const session = (overrides: Partial<Session> = {}): Session => ({
  sessionId: SESSION_ID,
  issuerId: ISSUER,
  profileId: 'identity',
  profileVersion: 2,
  authMethod: 'PRE_AUTHORIZED',
  status: 'ACTIVE',
  createdAt: '2030-01-01T10:00:00.000Z',
  expiresAt: '2030-01-01T10:05:00.000Z',
  credentials: [],
  credentialOffer: { credential_issuer: 'https://issuer.example/issuers/acme', credential_configuration_ids: ['identity_sd_jwt'] },
  ...overrides,
});

export const credential = (id: string, value?: 'VALID' | 'REVOKED' | 'SUSPENDED') => ({
  credentialId: id,
  format: 'dc+sd-jwt',
  credentialConfigurationId: 'identity_sd_jwt',
  issuedAt: '2030-01-01T10:01:00.000Z',
  ...(value ? { status: { type: 'TokenStatusList', uri: 'https://issuer.example/status-lists/l1', index: 7, value } } : {}),
});

let n = 0;
export const event = (name: EventName, extra: Partial<IssuerEvent> = {}): IssuerEvent => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
  event: name,
  timestamp: '2030-01-01T10:00:30.000Z',
  issuerId: ISSUER,
  sessionId: SESSION_ID,
  ...extra,
});

export const principal = (roles: string[], issuers: string[] | '*' = '*') => ({ type: 'api-key', id: 'key-1', roles, issuers });

/** Signs the test in as `me` (the console checks the stored key with GET /api/v1/me). */
export function signIn() {
  sessionStorage.setItem('issuer-console.credential', JSON.stringify({ kind: 'api-key', key: 'isk_test' }));
}

/** The routes behind sign-in, as the console mounts them (the page runs once the principal is known). */
export function signedInRoutes(routes: RouteObject[]): RouteObject[] {
  return [
    {
      element: (
        <RequireAuth>
          <Outlet />
        </RequireAuth>
      ),
      children: routes,
    },
  ];
}
