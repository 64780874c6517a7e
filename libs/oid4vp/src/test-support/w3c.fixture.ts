// Test-only W3C side: VCDM 1.1 VC and VP JWTs made by did-jwt-vc (an independent implementation), VCDM 2.0 ones
// signed with jose, and DIDs of test keys.
import { ES256Signer } from 'did-jwt';
import { createVerifiableCredentialJwt, createVerifiablePresentationJwt } from 'did-jwt-vc';
import { didJwkOf, newKey, signJws, type TestKey } from './holder.helper';
import { CLIENT_ID, NONCE, nowSeconds } from './sd-jwt.fixture';

export const DEGREE_QUERY = {
  credentials: [
    {
      id: 'degree',
      format: 'jwt_vc_json',
      meta: { type_values: [['VerifiableCredential', 'UniversityDegreeCredential']] },
      claims: [{ path: ['credentialSubject', 'given_name'] }],
    },
  ],
};

export interface Party {
  key: TestKey;
  did: string;
  kid: string;
}

export async function party(): Promise<Party> {
  const key = await newKey('ES256');
  const did = didJwkOf(key.publicJwk);
  return { key, did, kid: `${did}#0` };
}

const signerOf = (key: TestKey) => ES256Signer(Buffer.from(key.privateJwk.d as string, 'base64url'));

/** A VCDM 1.1 `jwt_vc_json` credential about `subject`, issued by `issuer` with did-jwt-vc. */
export async function vc11(
  issuer: Party,
  subject: string,
  extra: Record<string, unknown> = {},
  vc: Record<string, unknown> = {},
): Promise<string> {
  return createVerifiableCredentialJwt(
    {
      sub: subject,
      nbf: nowSeconds - 60,
      ...extra,
      vc: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiableCredential', 'UniversityDegreeCredential'],
        credentialSubject: { given_name: 'Erika', degree: { type: 'BachelorDegree', name: 'Physics' } },
        ...vc,
      },
    } as never,
    { did: issuer.did, signer: signerOf(issuer.key), alg: 'ES256' },
    { header: { kid: issuer.kid } as never },
  );
}

/** A VCDM 1.1 VP JWT by `holder` with did-jwt-vc: `challenge` becomes `nonce`, `domain` becomes `aud`. */
export async function vp11(
  holder: Party,
  credentials: unknown[],
  options: { nonce?: string; aud?: string; kid?: string } = {},
): Promise<string> {
  return createVerifiablePresentationJwt(
    {
      vp: {
        '@context': ['https://www.w3.org/2018/credentials/v1'],
        type: ['VerifiablePresentation'],
        verifiableCredential: credentials as never,
      },
    },
    { did: holder.did, signer: signerOf(holder.key), alg: 'ES256' },
    { challenge: options.nonce ?? NONCE, domain: options.aud ?? CLIENT_ID, header: { kid: options.kid ?? holder.kid } as never },
  );
}

/** A VCDM 2.0 credential secured as `vc+jwt` (the payload is the credential), signed with jose. */
export async function vc20(issuer: Party, subject: string, extra: Record<string, unknown> = {}): Promise<string> {
  return signJws(
    issuer.key,
    { typ: 'vc+jwt', cty: 'vc', kid: issuer.kid },
    {
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      type: ['VerifiableCredential', 'UniversityDegreeCredential'],
      issuer: issuer.did,
      validFrom: new Date((nowSeconds - 60) * 1000).toISOString(),
      credentialSubject: { id: subject, given_name: 'Erika' },
      ...extra,
    },
  );
}

/** A VCDM 2.0 shaped VP JWT carrying enveloped `vc+jwt` credentials. */
export async function vp20(holder: Party, credentialJwts: string[]): Promise<string> {
  return signJws(
    holder.key,
    { typ: 'JWT', kid: holder.kid },
    {
      iss: holder.did,
      aud: CLIENT_ID,
      nonce: NONCE,
      iat: nowSeconds,
      vp: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        verifiableCredential: credentialJwts.map((jwt) => ({
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: 'EnvelopedVerifiableCredential',
          id: `data:application/vc+jwt,${jwt}`,
        })),
      },
    },
  );
}
