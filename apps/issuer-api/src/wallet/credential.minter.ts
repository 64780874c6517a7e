import { Inject, Injectable } from '@nestjs/common';
import { BusError } from '@issuer/contracts';
import { CredentialError } from '@issuer/credentials';
import { Oid4vciError } from '@issuer/oid4vci';
import type { IssuedCredentialRecord, TokenSession } from '../sessions/session.types';
import { StatusAllocator, type AllocatedCredential } from '../status-lists/status-allocator';
import { CredentialFactory } from './credential.factory';
import type { Holder } from './issuance-input';
import { pooledRandomBytes } from '../common/random-pool';

/** Credentials signed for one response, not yet recorded: release them if the response is not delivered. */
export interface MintedCredentials {
  credentials: string[];
  records: IssuedCredentialRecord[];
  allocated: AllocatedCredential[];
  /** One per credential response (OID4VCI 1.0 §8.3): names these credentials at the notification endpoint. */
  notificationId: string;
}

/**
 * Signs one credential per holder key, each with its own status entries, for the immediate credential response
 * and for deferred delivery alike. Status entries are allocated before signing (credentials embed them) and
 * released when signing fails, so no entry points at a credential nobody holds.
 */
@Injectable()
export class CredentialMinter {
  constructor(
    @Inject(CredentialFactory) private readonly factory: CredentialFactory,
    @Inject(StatusAllocator) private readonly statuses: StatusAllocator,
  ) {}

  async mint(session: TokenSession, holders: Holder[]): Promise<MintedCredentials> {
    const now = new Date();
    const allocated = await this.statuses.allocate(session, holders.length);
    try {
      const credentials = await Promise.all(
        holders.map((holder, i) =>
          this.factory.issue({ session, holder, now, status: allocated[i].status, statusEntries: allocated[i].statusEntries }),
        ),
      );
      const notificationId = pooledRandomBytes(16).toString('base64url');
      const records = credentials.map((_, i) => ({
        credentialId: allocated[i].credentialId,
        format: this.factory.formatOf({ session }),
        credentialConfigurationId: session.credentialConfigurationId,
        issuedAt: now.toISOString(),
        notificationId,
        ...(allocated[i].view ? { status: allocated[i].view } : {}),
      }));
      return { credentials, records, allocated, notificationId };
    } catch (error) {
      await this.statuses.release(session.issuerId, allocated);
      throw asIssuanceError(error);
    }
  }

  /** The credentials were not delivered (a lost race, a failed commit): their status entries go back. */
  release(issuerId: string, minted: MintedCredentials | undefined): Promise<void> {
    return minted ? this.statuses.release(issuerId, minted.allocated) : Promise.resolve();
  }
}

function asIssuanceError(error: unknown): unknown {
  if (!(error instanceof CredentialError)) return error;
  // kms unreachable or slow: a transient failure (503), not a verdict on the request.
  const cause = error.cause;
  if (cause instanceof BusError && ['UNAVAILABLE', 'TIMEOUT', 'INTERNAL'].includes(cause.code)) return cause;
  // The data or the key cannot make a credential (a data function without a value, a disabled key).
  return new Oid4vciError('credential_request_denied', cause instanceof BusError ? cause.message : error.message, { cause: error });
}

/** Data that cannot become a credential (a failed `<webhook…>` call, a missing value) ends the session: a retry cannot help. */
const DATA_FAILURES = [
  'DATA_FUNCTION_WEBHOOK_FAILED',
  'DATA_FUNCTION_WEBHOOK_UNAVAILABLE',
  'DATA_FUNCTION_UNRESOLVED',
  'MDOC_DATA_CONVERSION_FAILED',
];
export function endsIssuance(error: Oid4vciError): boolean {
  const cause = error.cause;
  return error.error === 'credential_request_denied' && cause instanceof CredentialError && DATA_FAILURES.includes(cause.code);
}
