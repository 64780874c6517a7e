import type { RecordedRequest } from '../../testing/fake-api';
import type { OfferResponse, ProfileSummary } from './types';

export const PROFILE: ProfileSummary = {
  profileId: 'identity',
  issuerId: 'acme',
  name: 'Identity',
  version: 3,
  status: 'ACTIVE',
  credentialConfigurationId: 'identity_sd_jwt',
  credentialData: { given_name: 'Erika', age: 61, adult: true, address: { locality: 'Berlin', country: 'DE' }, nationalities: ['DE'] },
};

export const ME = { type: 'admin-key', id: 'abcd1234', roles: ['platform-admin'], issuers: '*' };

/** An offer answer as the API builds it from a request body. */
export function offerAnswer(body: Record<string, unknown>, n = 1): OfferResponse {
  const sessionId = (body.sessionId as string | undefined) ?? `session-${n}`;
  const txCode = body.txCode as { length?: number } | undefined;
  return {
    offerId: `offer-${n}`,
    sessionId,
    profileId: PROFILE.profileId,
    profileVersion: PROFILE.version,
    authMethod: body.authMethod as OfferResponse['authMethod'],
    expiresAt: body.expiresInSeconds === -1 ? null : '2030-01-01T00:05:00.000Z',
    ...(txCode ? { txCodeValue: (body.txCodeValue as string | undefined) ?? '9'.repeat(txCode.length ?? 6) } : {}),
    credentialOffer: `openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.example%2Fissuers%2Facme%2Foffers%2Foffer-${n}`,
    credentialOfferUri: `https://issuer.example/issuers/acme/offers/offer-${n}`,
  };
}

export const bodyOf = (requests: RecordedRequest[], method: string, path: string) =>
  requests.filter((r) => r.method === method && r.path === path).map((r) => r.body as Record<string, unknown>);
