import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { keysFeature } from '.';
import { ACME_KEY, ACME_VIEWER, choose, ISSUERS, PLATFORM_ADMIN, PLATFORM_KEY, signedInAs, userEvent } from './test-support';

const DID = {
  did: 'did:web:issuer.example:dids:acme',
  method: 'web',
  keyId: ACME_KEY.keyId,
  createdAt: '2030-01-01T00:00:00.000Z',
  issuerId: 'acme',
};
const common = () => ({
  'GET /api/v1/keys': () => ({ status: 200, body: { items: [ACME_KEY, PLATFORM_KEY] } }),
  'GET /api/v1/issuers': () => ISSUERS,
  'GET /api/v1/dids': () => ({ status: 200, body: { items: [DID] } }),
});

describe('DIDs', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('creates a did:web with a path for a key of the owner; a refused path shows at its field and is kept', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      ...common(),
      'POST /api/v1/dids': () => problem(400, 'Bad Request', [{ path: 'path', message: 'must be segments of [a-z0-9-]' }]),
    });
    renderRoutes(keysFeature.routes, '/dids');
    await userEvent.click(await screen.findByRole('button', { name: 'Create DID' }));
    await userEvent.click(screen.getByRole('radio', { name: 'did:web' }));
    await choose('Owner', 'Issuer acme');
    await choose('Key', /acme-signer/);
    await userEvent.type(screen.getByLabelText(/^Path/), 'Bad Path');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('must be segments of [a-z0-9-]')).toBeTruthy();
    expect((screen.getByLabelText(/^Path/) as HTMLInputElement).value).toBe('Bad Path');
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      method: 'web',
      keyId: ACME_KEY.keyId,
      path: 'Bad Path',
      issuerId: 'acme',
    });
  });

  it('resolves a DID and shows its document, or why it did not resolve', async () => {
    fakeApi({
      ...signedInAs(ACME_VIEWER),
      ...common(),
      'GET /api/v1/dids/resolve': (r) =>
        r.path.includes('unknown')
          ? { status: 200, body: { didDocument: null, didResolutionMetadata: { error: 'notFound' } } }
          : { status: 200, body: { didDocument: { id: DID.did, verificationMethod: [] }, didResolutionMetadata: {} } },
    });
    renderRoutes(keysFeature.routes, '/dids');
    expect(await screen.findByText(DID.did)).toBeTruthy();
    await userEvent.type(screen.getByLabelText('DID'), DID.did);
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByTestId('did-document')).textContent).toContain('"verificationMethod"');
    await userEvent.clear(screen.getByLabelText('DID'));
    await userEvent.type(screen.getByLabelText('DID'), 'did:web:unknown.example');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('alert')).textContent).toContain('notFound');
    // A viewer reads and resolves, but neither creates nor deletes.
    expect(screen.queryByRole('button', { name: 'Create DID' })).toBeNull();
    expect(screen.queryByRole('button', { name: `Delete ${DID.did}` })).toBeNull();
  });

  it('deletes a DID after a confirmation', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      ...common(),
      [`DELETE /api/v1/dids/${encodeURIComponent(DID.did)}`]: () => ({ status: 204 }),
    });
    renderRoutes(keysFeature.routes, '/dids');
    await userEvent.click(await screen.findByRole('button', { name: `Delete ${DID.did}` }));
    expect(api.requests.some((r) => r.method === 'DELETE')).toBe(false);
    await userEvent.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete DID' }));
    await waitFor(() => expect(api.requests.some((r) => r.method === 'DELETE')).toBe(true));
  });
});
