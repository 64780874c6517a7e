// Test-only: an independent check with @auth0/mdl. Its Verifier only accepts a DeviceResponse, so the holder
// presents the issued IssuerSigned (every element) with a device signature over an OID4VP session transcript.
// Verifying that signature against the MSO deviceKey proves the credential is bound to the holder's key.
import { DeviceResponse, MDoc, Verifier } from '@auth0/mdl';
import { cborDecode, cborEncode, DataItem } from '@auth0/mdl/lib/cbor';
import type { HolderKey } from './mdoc-pki.helper';

export type DeviceSigningAlg = 'ES256' | 'ES384' | 'EdDSA';

export interface Auth0Verification {
  document: MDoc['documents'][number];
  /** Disclosed values per namespace, as @auth0/mdl decoded them. */
  claims: Record<string, Record<string, unknown>>;
}

/** Presents every element of `issuerSignedB64u` with the holder key and runs the full @auth0/mdl Verifier. */
export async function presentAndVerifyWithAuth0(options: {
  issuerSignedB64u: string;
  docType: string;
  iacaPem: string;
  holder: HolderKey;
  holderAlg: DeviceSigningAlg;
  elements: Record<string, string[]>;
}): Promise<Auth0Verification> {
  const issuerSigned = cborDecode(Buffer.from(options.issuerSignedB64u, 'base64url')) as unknown;
  const document = new Map<string, unknown>([
    ['docType', options.docType],
    ['issuerSigned', issuerSigned],
  ]);
  const mdocBytes = cborEncode(
    new Map<string, unknown>([
      ['version', '1.0'],
      ['documents', [document]],
      ['status', 0],
    ]),
  );
  const fields = Object.entries(options.elements).flatMap(([ns, names]) =>
    names.map((name) => ({ path: [`$['${ns}']['${name}']`], intent_to_retain: false })),
  );
  const presentationDefinition = {
    id: 'issuance-check',
    input_descriptors: [
      {
        id: options.docType,
        format: { mso_mdoc: { alg: ['ES256', 'ES384', 'EdDSA'] } },
        constraints: { limit_disclosure: 'required', fields },
      },
    ],
  };
  const [mdocNonce, clientId, responseUri, nonce] = ['mdoc-nonce-1', 'verifier.example', 'https://verifier.example/response', 'nonce-1'];
  const response = await DeviceResponse.from(mdocBytes)
    .usingPresentationDefinition(presentationDefinition)
    .usingSessionTranscriptForOID4VP(mdocNonce, clientId, responseUri, nonce)
    .authenticateWithSignature(options.holder.privateJwk as never, options.holderAlg)
    .sign();
  const sessionTranscript = cborEncode(DataItem.fromData([null, null, [mdocNonce, clientId, responseUri, nonce]]));
  const verified = await new Verifier([options.iacaPem]).verify(response.encode(), { encodedSessionTranscript: sessionTranscript });
  const verifiedDocument = verified.documents[0]!;
  const claims: Record<string, Record<string, unknown>> = {};
  for (const ns of Object.keys(options.elements)) {
    claims[ns] = Object.fromEntries(
      (verifiedDocument as unknown as { getIssuerNameSpace(ns: string): Record<string, unknown> }).getIssuerNameSpace(ns)
        ? Object.entries(
            (verifiedDocument as unknown as { getIssuerNameSpace(ns: string): Record<string, unknown> }).getIssuerNameSpace(ns),
          )
        : [],
    );
  }
  return { document: verifiedDocument, claims };
}
