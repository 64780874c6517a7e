import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, problem } from '../../testing/fake-api';
import { renderRoutes } from '../../testing/render';
import { keysFeature } from '.';
import type { Certificate } from './types';
import { ACME_KEY, ACME_VIEWER, choose, ISSUERS, PLATFORM_ADMIN, PLATFORM_KEY, signedInAs, userEvent } from './test-support';

const PEM = `-----BEGIN CERTIFICATE-----
MIIB9zCCAZ2gAwIBAgIUGmAjMdqIZiletxmQqXx/rySFZPcwCgYIKoZIzj0EAwIw
IDERMA8GA1UEAwwIU0FOIHRlc3QxCzAJBgNVBAYTAkRFMB4XDTI2MTIwNzAwNDcz
OFoXDTI3MDEwNjAwNDczOFowIDERMA8GA1UEAwwIU0FOIHRlc3QxCzAJBgNVBAYT
AkRFMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE3RZckqQxRvE+bFf3IWnfUwHg
D6xetzA2o0dwzIk6vgmIIf8kUch5eVg6zUCzaABT6I8/9dgBg4XZtpXmkJLMxKOB
tDCBsTAdBgNVHQ4EFgQUFbkRDg2q7wlSn+27aDbSh2jj+V4wHwYDVR0jBBgwFoAU
FbkRDg2q7wlSn+27aDbSh2jj+V4wDwYDVR0TAQH/BAUwAwEB/zBeBgNVHREEVzBV
ghJpc3N1ZXIuZXhhbXBsZS5jb22GJ2h0dHBzOi8vaXNzdWVyLmV4YW1wbGUuY29t
L2lzc3VlcnMvYWNtZYcEfwAAAYcQIAENuAAAAAAAAAAAAAAAATAKBggqhkjOPQQD
AgNIADBFAiEA46/rnIF0KcAIAhRVZoHAWLXFihzfn6riXwTeU8y/vjQCIEJdor3D
7cILdRamqG++korib0fclMIrwkDZ1KMSksUr
-----END CERTIFICATE-----`;
const CERTIFICATE: Certificate = {
  certificateId: '33333333-3333-4333-8333-333333333333',
  profile: 'self-signed',
  keyId: ACME_KEY.keyId,
  subject: { commonName: 'SAN test', country: 'DE' },
  notBefore: '2030-01-01T00:00:00.000Z',
  notAfter: '2031-01-01T00:00:00.000Z',
  issuerCertificateId: null,
  serialNumber: '01ab',
  createdAt: '2030-01-01T00:00:00.000Z',
  issuerId: 'acme',
  pem: PEM,
  chain: [PEM],
};
const { pem: _pem, chain: _chain, ...SUMMARY } = CERTIFICATE;
const common = () => ({
  'GET /api/v1/keys': () => ({ status: 200, body: { items: [ACME_KEY, PLATFORM_KEY] } }),
  'GET /api/v1/issuers': () => ISSUERS,
  'GET /api/v1/certificates': () => ({ status: 200, body: { items: [SUMMARY] } }),
});

describe('certificates', { timeout: 30_000 }, () => {
  beforeEach(() => sessionStorage.clear());

  it('creates a certificate with subject, validity and SANs, shows refusals at the fields and keeps the values', async () => {
    let answer: { status: number; body?: unknown } = problem(400, 'Bad Request', [
      { path: 'subjectAlternativeNames.uris.0', message: 'must be an http(s) URI' },
      { path: 'subject.country', message: 'must be an ISO 3166-1 alpha-2 code (2 uppercase letters)' },
    ]);
    const api = fakeApi({ ...signedInAs(PLATFORM_ADMIN), ...common(), 'POST /api/v1/certificates': () => answer });
    const { router } = renderRoutes(keysFeature.routes, '/certificates');
    await userEvent.click(await screen.findByRole('button', { name: 'Create certificate' }));
    await choose('Owner', 'Issuer acme');
    await choose('Key', /acme-signer/);
    await userEvent.type(screen.getByLabelText(/Common name/), 'ACME issuer');
    await userEvent.type(screen.getByLabelText(/^Country/), 'DE');
    await userEvent.type(screen.getByLabelText(/Validity/), '90');
    await userEvent.type(screen.getByLabelText('SAN: URIs'), 'ftp://acme.example');
    await userEvent.type(screen.getByLabelText('SAN: DNS names'), 'acme.example{enter}www.acme.example');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));

    await waitFor(() => expect(api.requests.filter((r) => r.method === 'POST')).toHaveLength(1));
    expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({
      profile: 'self-signed',
      keyId: ACME_KEY.keyId,
      subject: { commonName: 'ACME issuer', country: 'DE' },
      validityDays: 90,
      subjectAlternativeNames: { dnsNames: ['acme.example', 'www.acme.example'], uris: ['ftp://acme.example'] },
      issuerId: 'acme',
    });
    expect(await screen.findByText('line 1: must be an http(s) URI')).toBeTruthy();
    expect(screen.getByText('must be an ISO 3166-1 alpha-2 code (2 uppercase letters)')).toBeTruthy();
    expect((screen.getByLabelText(/Common name/) as HTMLInputElement).value).toBe('ACME issuer');
    expect((screen.getByLabelText('SAN: URIs') as HTMLTextAreaElement).value).toBe('ftp://acme.example');

    answer = { status: 201, body: CERTIFICATE };
    await userEvent.clear(screen.getByLabelText('SAN: URIs'));
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    await waitFor(() => expect(router.state.location.pathname).toBe(`/certificates/${CERTIFICATE.certificateId}`));
  });

  it('checks a document signer names its IACA before sending', async () => {
    const api = fakeApi({ ...signedInAs(PLATFORM_ADMIN), ...common() });
    renderRoutes(keysFeature.routes, '/certificates');
    await userEvent.click(await screen.findByRole('button', { name: 'Create certificate' }));
    await choose('Profile', /Document signer/);
    await choose('Key', /platform-root/);
    await userEvent.type(screen.getByLabelText(/Common name/), 'DS');
    await userEvent.type(screen.getByLabelText(/^Country/), 'DE');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(await screen.findByText('choose the IACA that signs it')).toBeTruthy();
    expect(api.requests.some((r) => r.method === 'POST')).toBe(false);
  });

  it('imports a PEM for an owner', async () => {
    const api = fakeApi({
      ...signedInAs(PLATFORM_ADMIN),
      ...common(),
      'POST /api/v1/certificates/import': () => ({ status: 201, body: CERTIFICATE }),
    });
    renderRoutes(keysFeature.routes, '/certificates');
    await userEvent.click(await screen.findByRole('button', { name: 'Import PEM' }));
    // A pasted PEM: typing 700 characters one by one is slow and tells nothing more.
    fireEvent.change(await screen.findByLabelText(/^PEM/), { target: { value: PEM } });
    await userEvent.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.requests.find((r) => r.method === 'POST')?.body).toEqual({ pem: PEM }));
  });

  it('lists certificates and shows one with its subject, validity, SANs and PEM; a viewer cannot create', async () => {
    fakeApi({
      ...signedInAs(ACME_VIEWER),
      ...common(),
      [`GET /api/v1/certificates/${CERTIFICATE.certificateId}`]: () => ({ status: 200, body: CERTIFICATE }),
    });
    renderRoutes(keysFeature.routes, '/certificates');
    await userEvent.click(await screen.findByRole('link', { name: 'SAN test' }));
    expect(await screen.findByText('CN=SAN test, C=DE')).toBeTruthy();
    const sans = within(screen.getByTestId('certificate-sans'));
    expect(sans.getByText('DNS: issuer.example.com')).toBeTruthy();
    expect(sans.getByText('URI: https://issuer.example.com/issuers/acme')).toBeTruthy();
    expect(sans.getByText('IP: 2001:db8::1')).toBeTruthy();
    expect(screen.getByTestId('certificate-pem').textContent).toBe(PEM);
    expect(screen.getByRole('button', { name: 'Copy PEM' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Create certificate' })).toBeNull();
  });
});
