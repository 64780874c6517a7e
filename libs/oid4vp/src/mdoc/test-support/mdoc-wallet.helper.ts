// Test-only: the issuer and holder sides of an mdoc presentation, built without the verifier under test: the
// credential comes from this platform's issuer (@issuer/credentials) or from @owf/mdoc's Issuer (a foreign
// issuer), and the DeviceResponse from @owf/mdoc's holder API with its own OpenID4VP 1.0 SessionTranscript.
import { createHash, randomBytes } from 'node:crypto';
import { issueMdoc, MdocFullDate, type MdocStatus } from '@issuer/credentials';
import { DAY, HolderKey, TestPki } from './mdoc-test-pki';

/**
 * @owf/mdoc and its crypto context, built by the spec with `loadOwf` / `owfContext` of @issuer/testing (which
 * only specs may import).
 */
export interface OwfWallet {
  owf: typeof import('@owf/mdoc');
  ctx: never;
}

export const MDL = 'org.iso.18013.5.1.mDL';
export const MDL_NS = 'org.iso.18013.5.1';

export const MDL_DATA = {
  family_name: 'Mustermann',
  given_name: 'Erika',
  birth_date: new MdocFullDate('1971-09-01'),
  issuing_country: 'DE',
  document_number: 'D1234567',
  portrait: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]),
  age_over_18: true,
  driving_privileges: [{ vehicle_category_code: 'B', issue_date: new MdocFullDate('2024-01-01') }],
};

export interface IssueOptions {
  validFrom?: Date;
  validUntil?: Date;
  status?: MdocStatus;
}

/** base64url IssuerSigned from the platform's own mdoc issuer (what a PID issued by this platform looks like). */
export function issueWithPlatform(pki: TestPki, holder: HolderKey, options: IssueOptions = {}): Promise<string> {
  const validFrom = options.validFrom ?? new Date();
  return issueMdoc(
    {
      docType: MDL,
      nameSpaces: { [MDL_NS]: MDL_DATA },
      deviceKey: holder.publicJwk,
      validityInfo: { signed: validFrom, validFrom, validUntil: options.validUntil ?? new Date(validFrom.getTime() + 30 * DAY) },
      signingAlgorithm: pki.alg,
      certificateChain: pki.chain,
      status: options.status,
    },
    {
      sign: (data) => pki.signWithDs(data),
      digest: (data) => new Uint8Array(createHash('sha256').update(data).digest()),
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
    },
  );
}

/** base64url IssuerSigned from @owf/mdoc's Issuer: a foreign issuer implementation. */
export async function issueWithOwf({ owf, ctx }: OwfWallet, pki: TestPki, holder: HolderKey): Promise<string> {
  const now = new Date();
  const issued = await new owf.Issuer(MDL, ctx)
    .addIssuerNamespace(MDL_NS, {
      family_name: 'Doe',
      birth_date: new owf.DateOnly('1990-01-01'),
      issuing_country: 'DE',
      age_over_18: true,
    })
    .sign({
      signingKey: owf.CoseKey.fromJwk(pki.dsPrivateJwk),
      algorithm: owf.SignatureAlgorithm.ES256,
      digestAlgorithm: 'SHA-256',
      validityInfo: { signed: now, validFrom: now, validUntil: new Date(now.getTime() + 30 * DAY) },
      deviceKeyInfo: { deviceKey: owf.DeviceKey.fromJwk(holder.publicJwk) },
      certificates: [pki.dsDer],
    });
  return issued.encodedForOid4Vci;
}

export interface PresentationRequest {
  clientId: string;
  nonce: string;
  responseUri: string;
}

/**
 * The wallet side: a DeviceResponse disclosing `elements` of the mdoc, device-signed with `signer`'s key over
 * @owf/mdoc's `SessionTranscript.forOid4Vp` (OpenID4VP 1.0 redirect handover), as base64url.
 */
export async function presentWithOwf(
  { owf, ctx }: OwfWallet,
  credential: string,
  signer: Pick<HolderKey, 'alg' | 'privateJwk'>,
  request: PresentationRequest,
  elements: string[] = ['family_name', 'birth_date', 'portrait', 'age_over_18', 'driving_privileges'],
): Promise<string> {
  const deviceRequest = owf.DeviceRequest.create({
    docRequests: [
      owf.DocRequest.create({
        itemsRequest: owf.ItemsRequest.create({
          docType: MDL,
          namespaces: { [MDL_NS]: Object.fromEntries(elements.map((e) => [e, false])) },
        }),
      }),
    ],
  });
  const sessionTranscript = await owf.SessionTranscript.forOid4Vp(request, ctx);
  const response = await owf.Holder.createDeviceResponseForDeviceRequest(
    {
      deviceRequest,
      sessionTranscript,
      issuerSigned: [owf.IssuerSigned.fromEncodedForOid4Vci(credential)],
      signature: { signingKey: owf.CoseKey.fromJwk({ ...signer.privateJwk, alg: signer.alg }) },
    },
    ctx,
  );
  return response.encodedForOid4Vp;
}
