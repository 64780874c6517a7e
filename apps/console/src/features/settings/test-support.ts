import userEventLib from '@testing-library/user-event';
import type { Principal } from '../../auth/roles';

export const userEvent = userEventLib.setup({ delay: null });

export const PLATFORM_ADMIN: Principal = { type: 'admin-key', id: 'abcd1234', roles: ['platform-admin'], issuers: '*' };
export const ACME_ADMIN: Principal = { type: 'api-key', id: 'key-acme', roles: ['issuer-admin'], issuers: ['acme'] };
export const ACME_VIEWER: Principal = { type: 'api-key', id: 'key-view', roles: ['viewer'], issuers: ['acme'] };

/** Signs the test in as `principal` (the stored key AuthProvider finds, and its `/me`); routes to merge into fakeApi. */
export function signedInAs(principal: Principal) {
  sessionStorage.setItem('issuer-console.credential', JSON.stringify({ kind: 'api-key', key: `isk_${principal.id}` }));
  return { 'GET /api/v1/me': () => ({ status: 200, body: principal }) };
}
