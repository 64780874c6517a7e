import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderElement } from '../../testing/render';
import { signedInAs, ACME_ADMIN, userEvent } from './test-support';
import { WebhookSecretPanel } from './WebhookSecretPanel';

const STATUS = { issuerId: 'acme', createdAt: '2030-01-01T00:00:00Z', rotatedAt: null, previousSecretActiveUntil: null };

describe('webhook signing secret', () => {
  beforeEach(() => sessionStorage.clear());

  it('before the first one: says so, creates it after confirmation and shows it once', async () => {
    const api = fakeApi({
      ...signedInAs(ACME_ADMIN),
      'GET /api/v1/issuers/acme/webhook-secret': () => problem(404, 'Not Found', [], 'webhook secret of issuer acme (POST creates one)'),
      'POST /api/v1/issuers/acme/webhook-secret': () => ({ status: 201, body: { ...STATUS, secret: 'whsec_c2VjcmV0' } }),
    });
    renderElement(<WebhookSecretPanel issuerId="acme" canRotate />);
    expect(await screen.findByText(/No signing secret yet/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Create secret' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create a signing secret?' });
    expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create' }));
    const shown = await screen.findByTestId('new-webhook-secret');
    expect(within(shown).getByText('whsec_c2VjcmV0')).toBeTruthy();
    expect(within(shown).getByText(/it is not shown again/)).toBeTruthy();
    // The status now reads from the rotation's answer.
    await waitFor(() => expect(screen.queryByText(/No signing secret yet/)).toBeNull());
    expect(screen.getByRole('button', { name: 'Rotate secret' })).toBeTruthy();
  });

  it('rotating warns that the previous secret signs for 24 hours more; a refusal is shown in the dialog', async () => {
    fakeApi({
      ...signedInAs(ACME_ADMIN),
      'GET /api/v1/issuers/acme/webhook-secret': () => ({ status: 200, body: { ...STATUS, rotatedAt: '2030-01-02T00:00:00Z' } }),
      'POST /api/v1/issuers/acme/webhook-secret': () => problem(403, 'Forbidden', [], 'requires issuer-admin on acme'),
    });
    renderElement(<WebhookSecretPanel issuerId="acme" canRotate />);
    await userEvent.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rotate the signing secret?' });
    expect(within(dialog).getByText(/keeps signing as well for 24 hours/)).toBeTruthy();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Rotate' }));
    expect(await within(dialog).findByText('requires issuer-admin on acme')).toBeTruthy();
    expect(screen.queryByTestId('new-webhook-secret')).toBeNull();
  });

  it('shows the status without the button to those who may not rotate', async () => {
    fakeApi({ ...signedInAs(ACME_ADMIN), 'GET /api/v1/issuers/acme/webhook-secret': () => ({ status: 200, body: STATUS }) });
    renderElement(<WebhookSecretPanel issuerId="acme" canRotate={false} />);
    expect(await screen.findByText('Created')).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Rotate|Create/ })).toBeNull();
  });
});
