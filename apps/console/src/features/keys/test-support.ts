import { screen, waitFor, within } from '@testing-library/react';
import userEventLib from '@testing-library/user-event';
import type { Principal } from '../../auth/roles';
import type { Key } from './types';

export const userEvent = userEventLib.setup({ delay: null });

export const PLATFORM_ADMIN: Principal = { type: 'admin-key', id: 'abcd1234', roles: ['platform-admin'], issuers: '*' };
export const ACME_ADMIN: Principal = { type: 'api-key', id: 'key-acme', roles: ['issuer-admin'], issuers: ['acme'] };
export const ACME_VIEWER: Principal = { type: 'api-key', id: 'key-view', roles: ['viewer'], issuers: ['acme'] };

/** Signs the test in as `principal` (the stored key AuthProvider finds, and its `/me`); routes to merge into fakeApi. */
export function signedInAs(principal: Principal) {
  sessionStorage.setItem('issuer-console.credential', JSON.stringify({ kind: 'api-key', key: `isk_${principal.id}` }));
  return { 'GET /api/v1/me': () => ({ status: 200, body: principal }) };
}

export const ISSUERS = { status: 200, body: { items: [{ id: 'acme' }, { id: 'globex' }] } };

export const key = (over: Partial<Key>): Key => ({
  keyId: '11111111-1111-4111-8111-111111111111',
  name: 'acme-signer',
  type: 'secp256r1',
  backend: 'local',
  alg: 'ES256',
  publicJwk: { kty: 'EC', crv: 'P-256', x: 'x', y: 'y', kid: 'kid-1' },
  createdAt: '2030-01-01T00:00:00.000Z',
  status: 'ACTIVE',
  issuerId: 'acme',
  ...over,
});

export const ACME_KEY = key({});
export const PLATFORM_KEY = key({ keyId: '22222222-2222-4222-8222-222222222222', name: 'platform-root', issuerId: undefined });

/** Opens a Select (by its label) and returns its own list of options. */
export async function openSelect(name: string) {
  const input = screen.getByRole('combobox', { name });
  await userEvent.click(input);
  const list = await waitFor(
    () => document.getElementById(input.getAttribute('aria-controls') ?? '') ?? Promise.reject(new Error('closed')),
  );
  return within(list);
}

export async function choose(select: string, option: string | RegExp) {
  await userEvent.click((await openSelect(select)).getByRole('option', { name: option, hidden: true }));
}
