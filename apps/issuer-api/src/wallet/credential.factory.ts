import { Inject, Injectable } from '@nestjs/common';
import type { IssuanceInput } from './issuance-input';
import { MdocFactory } from './mdoc.factory';
import { SdJwtVcFactory } from './sd-jwt-vc.factory';
import { W3cVcFactory } from './w3c-vc.factory';

/** Credential formats the issuer signs (API.md §4), by the OID4VCI `format` of the credential configuration. */
export const ISSUABLE_FORMATS = ['dc+sd-jwt', 'jwt_vc_json', 'mso_mdoc'] as const;
export type IssuableFormat = (typeof ISSUABLE_FORMATS)[number];

/** Picks the format factory for the session's credential configuration. */
@Injectable()
export class CredentialFactory {
  constructor(
    @Inject(SdJwtVcFactory) private readonly sdJwtVc: SdJwtVcFactory,
    @Inject(W3cVcFactory) private readonly w3cVc: W3cVcFactory,
    @Inject(MdocFactory) private readonly mdoc: MdocFactory,
  ) {}

  formatOf(input: Pick<IssuanceInput, 'session'>): IssuableFormat {
    const format = input.session.snapshot.credentialConfiguration['format'];
    if (!ISSUABLE_FORMATS.includes(format as IssuableFormat)) throw new Error(`format ${String(format)} cannot be issued`);
    return format as IssuableFormat;
  }

  issue(input: IssuanceInput): Promise<string> {
    switch (this.formatOf(input)) {
      case 'jwt_vc_json':
        return this.w3cVc.issue(input);
      case 'mso_mdoc':
        return this.mdoc.issue(input);
      default:
        return this.sdJwtVc.issue(input);
    }
  }
}
