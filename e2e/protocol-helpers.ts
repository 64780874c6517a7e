import { signProof, type AdminClient, type HolderKey, type TestWallet } from '@issuer/testing';

/** The events of one pre-authorized SD-JWT VC issuance by the wallet, in the order they happen (API.md §7). */
export const PRE_AUTHORIZED_FLOW_EVENTS = [
  'credential_offer_created',
  'credential_offer_retrieved',
  'token_request_pre_authorized_code_succeeded',
  'credential_request_sd_jwt_vc_succeeded',
  'issuance_status_changed',
];

/** Raw wallet-side HTTP calls for negative tests (the wallet library refuses to send bad requests). */
export async function createOffer(admin: AdminClient, issuerId: string, profileId: string, body: Record<string, unknown> = {}) {
  const response = await admin.post(`/api/v1/issuers/${issuerId}/profiles/${profileId}/offers`, { authMethod: 'PRE_AUTHORIZED', ...body });
  if (response.status !== 201) throw new Error(`offer creation failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as {
    offerId: string;
    sessionId: string;
    credentialOffer: string;
    credentialOfferUri?: string;
    txCodeValue?: string;
    profileVersion: number;
  };
}

export async function preAuthorizedCodeOf(offerUri: string): Promise<string> {
  const offer = (await (await fetch(offerUri)).json()) as { grants: Record<string, Record<string, string>> };
  return offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code']['pre-authorized_code'];
}

export async function tokenRequest(baseUrl: string, issuerId: string, params: Record<string, string>) {
  const response = await fetch(`${baseUrl}/issuers/${issuerId}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code', ...params }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

export async function nonceRequest(baseUrl: string, issuerId: string): Promise<string> {
  const response = await fetch(`${baseUrl}/issuers/${issuerId}/nonce`, { method: 'POST' });
  return ((await response.json()) as { c_nonce: string }).c_nonce;
}

export async function credentialRequest(baseUrl: string, issuerId: string, accessToken: string, body: unknown) {
  const response = await fetch(`${baseUrl}/issuers/${issuerId}/credential`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

export function proofFor(
  key: HolderKey,
  audience: string,
  nonce: string,
  overrides: { header?: Record<string, unknown>; payload?: Record<string, unknown> } = {},
) {
  return signProof(
    key,
    { typ: 'openid4vci-proof+jwt', jwk: key.publicJwk, ...overrides.header },
    { aud: audience, iat: Math.floor(Date.now() / 1000), nonce, ...overrides.payload },
  );
}

type IssuerMetadata = Awaited<ReturnType<TestWallet['client']['resolveIssuerMetadata']>>;

/** Offer → issuer metadata → pre-authorized access token, by the wallet library; `additionalRequestPayload` joins the token request. */
export async function walletToken(wallet: TestWallet, offerUri: string, additionalRequestPayload?: Record<string, unknown>) {
  const credentialOffer = await wallet.client.resolveCredentialOffer(offerUri);
  const issuerMetadata = await wallet.client.resolveIssuerMetadata(credentialOffer.credential_issuer);
  const { accessTokenResponse } = await wallet.client.retrievePreAuthorizedCodeAccessTokenFromOffer({
    credentialOffer,
    issuerMetadata,
    ...(additionalRequestPayload ? { additionalRequestPayload } : {}),
  });
  return { credentialOffer, issuerMetadata, accessTokenResponse, accessToken: accessTokenResponse.access_token };
}

/** A proof JWT by the wallet library for a new holder key of `wallet`, on `nonce`. */
export async function walletProof(wallet: TestWallet, issuerMetadata: IssuerMetadata, credentialConfigurationId: string, nonce: string) {
  const holder = await wallet.newHolderKey();
  const { jwt } = await wallet.client.createCredentialRequestJwtProof({
    issuerMetadata,
    credentialConfigurationId,
    nonce,
    issuedAt: new Date(),
    signer: { method: 'jwk', alg: holder.alg, publicJwk: holder.publicJwk as never },
  });
  return { holder, jwt };
}
