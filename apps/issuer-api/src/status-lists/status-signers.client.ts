import { Inject, Injectable } from '@nestjs/common';
import { StatusSigners } from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';

/**
 * The kms keys that sign live status lists, asked of the status-list service. A list is re-signed with the
 * key it was created with for as long as credentials refer to it, whatever the issuer's `statusListKeyId`
 * or a profile's `issuerKeyId` say today: such a key must stay in kms and in the issuer's JWKS.
 */
@Injectable()
export class StatusSignersClient {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  /**
   * Why the key may not be deleted or disabled: a sentence naming the lists it signs, or undefined when it
   * signs none. Fails (rather than answering "unused") when the status-list service cannot answer.
   */
  async keyUseReason(keyId: string): Promise<string | undefined> {
    const [signer] = (await this.bus.request(StatusSigners, { keyId })).signers;
    if (!signer) return undefined;
    const more = signer.listCount > signer.uris.length ? ` and ${signer.listCount - signer.uris.length} more` : '';
    return `signs ${signer.listCount} status list(s) that issued credentials refer to (${signer.uris.join(', ')}${more}); their revocations could no longer be published`;
  }

  /** Every key that signs one of the issuer's live lists (for /jwks and the jwt-vc-issuer metadata). */
  async keyIdsOf(issuerId: string): Promise<string[]> {
    return (await this.bus.request(StatusSigners, { issuerId })).signers.map((signer) => signer.keyId);
  }
}
