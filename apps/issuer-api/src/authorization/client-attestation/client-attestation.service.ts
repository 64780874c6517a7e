import { Inject, Injectable } from '@nestjs/common';
import {
  clientAttestationErrorFor,
  OAuth2Error,
  readClientAttestationHeaders,
  verifyClientAttestation,
  type RequestHeaders,
} from '@issuer/oauth2';
import type { IssuerConfig } from '../../issuers/issuer-config.schema';
import { verifyJwsSignature } from '../../wallet/jws-signature.verifier';
import { authorizationConfigOf } from '../authorization-config';
import { UsedJtiStore } from '../used-jti.store';

/**
 * OAuth 2.0 Attestation-Based Client Authentication (as HAIP wallets use it) at `/par` and `/token`: the wallet
 * provider's attestation of the client instance, checked against the issuer's trusted keys or certificates, and
 * the instance's proof of possession (single-use `jti`, `aud` = this issuer). Wallets are public clients
 * otherwise; `clientAttestation.required` turns a missing attestation into `invalid_client`.
 */
@Injectable()
export class ClientAttestationService {
  constructor(@Inject(UsedJtiStore) private readonly jtis: UsedJtiStore) {}

  /** The attested client id, or undefined when none was sent and none is required. Throws `invalid_client`. */
  async authenticate(
    issuer: IssuerConfig,
    credentialIssuer: string,
    headers: RequestHeaders,
    clientId: string | undefined,
  ): Promise<string | undefined> {
    const settings = authorizationConfigOf(issuer).clientAttestation;
    const sent = readClientAttestationHeaders(headers);
    if (!sent) {
      if (settings?.required)
        throw clientAttestationErrorFor({ error: 'invalid_client', description: 'this issuer requires client attestation' });
      return undefined;
    }
    if (!settings || (!settings.trustedKeys.length && !settings.trustedCertificates.length))
      throw new OAuth2Error('invalid_client', 'this issuer trusts no wallet attestation provider', { status: 401 });
    const result = await verifyClientAttestation(
      sent,
      {
        authorizationServer: credentialIssuer,
        nowSeconds: Math.floor(Date.now() / 1000),
        trust: { trustedKeys: settings.trustedKeys, trustedCertificates: settings.trustedCertificates },
        ...(clientId !== undefined ? { clientId } : {}),
      },
      {
        verifySignature: (input) => verifyJwsSignature(input).catch(() => false),
        useJti: (jti, expiresAt) => this.jtis.use('attestation', jti, expiresAt),
      },
    );
    if (!result.verified) throw clientAttestationErrorFor({ error: 'invalid_client', description: result.description });
    return result.clientId;
  }
}
