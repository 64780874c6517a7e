import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { applyMapping, credentialTimes, deepMergeAppend, parseDuration, type CredentialTimes } from '@issuer/credentials';
import { DataFunctionFetcher } from './data-function.fetcher';
import type { IssuanceInput } from './issuance-input';

/** Credential content before a format shapes it: body claims and `jwt:` claims. */
export interface CredentialData {
  claims: Record<string, unknown>;
  jwtClaims: Record<string, unknown>;
}

/**
 * Builds the data of a credential just before signing (API.md §10): the profile's `credentialData`
 * (already deep-merged with runtime overrides at offer time), then the `mapping` data functions evaluated
 * in the signing context and merged in; and its time claims from `validity` (`validFrom`, `validFor`).
 */
@Injectable()
export class CredentialDataBuilder {
  constructor(@Inject(DataFunctionFetcher) private readonly fetcher: DataFunctionFetcher) {}

  async build({ session, holder, now }: IssuanceInput): Promise<CredentialData> {
    const { profile, credentialConfiguration } = session.snapshot;
    const mapped = profile.mapping
      ? await applyMapping(
          profile.mapping,
          {
            now,
            issuerId: session.issuerId,
            issuerDid: profile.issuerDid,
            subjectDid: holder.did,
            display: embeddedDisplay(profile.display, credentialConfiguration),
            context: {
              issuerId: session.issuerId,
              sessionId: session.sessionId,
              profileId: session.profileId,
              credentialConfigurationId: session.credentialConfigurationId,
            },
            randomUuid: randomUUID,
          },
          { fetchText: (url) => this.fetcher.fetchText(url) },
        )
      : { credentialData: {}, jwtClaims: {} };
    const claims = deepMergeAppend(structuredClone(profile.credentialData ?? {}), mapped.credentialData);
    return { claims, jwtClaims: mapped.jwtClaims };
  }

  /**
   * `iat`/`signed`, `validFrom` and `validUntil` of every format, rounded to the hour so that no credential (and
   * no two credentials of a batch) carries a precise time (API.md §12; see `credentialTimes`). `notBefore` is the
   * signing certificate's, which the issuance time must not precede. Data function values (`<timestamp>`) are
   * content the profile asked for and stay as they are.
   */
  times({ session, now }: IssuanceInput, notBefore?: Date): CredentialTimes {
    const { validity } = session.snapshot.profile;
    const validFor = validity?.validFor ? parseDuration(validity.validFor) : undefined;
    return credentialTimes({
      now,
      validFrom: validity?.validFrom ? new Date(validity.validFrom) : undefined,
      validForMs: validFor?.valid ? validFor.ms : undefined,
      notBefore,
    });
  }
}

/**
 * The `<display>` value (walt.id embedded branding): the profile's `display` if set, else the credential
 * configuration's `credential_metadata.display` (both in the OID4VCI shape), with walt.id's camelCase member names.
 */
function embeddedDisplay(profileDisplay: unknown, configuration: Record<string, unknown>): unknown {
  const display = profileDisplay ?? (configuration['credential_metadata'] as { display?: unknown } | undefined)?.display;
  if (!Array.isArray(display)) return undefined;
  return display.map((entry: Record<string, unknown>) => {
    const image = (value: unknown) => {
      const { uri, alt_text, ...rest } = (value ?? {}) as Record<string, unknown>;
      return { ...rest, ...(uri !== undefined ? { url: uri } : {}), ...(alt_text !== undefined ? { altText: alt_text } : {}) };
    };
    const { logo, background_image, background_color, text_color, ...rest } = entry;
    return {
      ...rest,
      ...(logo !== undefined ? { logo: image(logo) } : {}),
      ...(background_image !== undefined ? { backgroundImage: image(background_image) } : {}),
      ...(background_color !== undefined ? { backgroundColor: background_color } : {}),
      ...(text_color !== undefined ? { textColor: text_color } : {}),
    };
  });
}
