import { Oid4vciError, type Oid4vciErrorCode } from '@issuer/oid4vci';
import type { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerRecord } from '../issuers/issuer.repository';

/**
 * The issuer named in a wallet-facing path, or 404 with the endpoint's request error (`invalid_request`, or the
 * `invalid_credential_request` / `invalid_notification_request` OID4VCI 1.0 defines for its own endpoints).
 */
export async function requireWalletIssuer(
  catalog: IssuerCatalog,
  issuerId: string,
  code: Oid4vciErrorCode = 'invalid_request',
): Promise<IssuerRecord> {
  const issuer = await catalog.issuer(issuerId);
  if (!issuer) throw new Oid4vciError(code, `unknown issuer ${issuerId}`, { status: 404 });
  return issuer;
}
