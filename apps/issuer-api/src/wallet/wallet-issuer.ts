import { Oid4vciError } from '@issuer/oid4vci';
import type { IssuerCatalog } from '../issuers/issuer-catalog';
import type { IssuerRecord } from '../issuers/issuer.repository';

/** The issuer named in a wallet-facing path, or 404 `invalid_request`. */
export async function requireWalletIssuer(catalog: IssuerCatalog, issuerId: string): Promise<IssuerRecord> {
  const issuer = await catalog.issuer(issuerId);
  if (!issuer) throw new Oid4vciError('invalid_request', `unknown issuer ${issuerId}`, { status: 404 });
  return issuer;
}
