/** OID4VCI `credential_metadata` (§12.2.4): display entries and claim descriptions with `name` labels. */
interface CredentialMetadata {
  display?: Record<string, unknown>[];
  claims?: { path: unknown[]; mandatory?: boolean; display?: { name?: string; locale?: string; description?: string }[] }[];
}

const image = (value: unknown) => {
  const { uri, alt_text } = (value ?? {}) as { uri?: string; alt_text?: string };
  return uri ? { uri, ...(alt_text ? { alt_text } : {}) } : undefined;
};

/**
 * SD-JWT VC Type Metadata (SD-JWT VC §6) from a credential configuration's OID4VCI branding: the same
 * display in the `rendering.simple` form (logo, background image, colours) and claim labels as `label`.
 * Wallets prefer this document and fall back to the OID4VCI block, so both say the same.
 */
export function buildTypeMetadata(vct: string, credentialMetadata: unknown): Record<string, unknown> {
  const metadata = (credentialMetadata ?? {}) as CredentialMetadata;
  const display = metadata.display ?? [];
  return {
    vct,
    ...(display[0]?.['name'] ? { name: display[0]['name'] } : {}),
    ...(display[0]?.['description'] ? { description: display[0]['description'] } : {}),
    display: display.map((entry) => {
      const logo = image(entry['logo']);
      const backgroundImage = image(entry['background_image']);
      return {
        locale: entry['locale'] ?? 'en',
        name: entry['name'],
        ...(entry['description'] ? { description: entry['description'] } : {}),
        rendering: {
          simple: {
            ...(logo ? { logo } : {}),
            ...(backgroundImage ? { background_image: backgroundImage } : {}),
            ...(entry['background_color'] ? { background_color: entry['background_color'] } : {}),
            ...(entry['text_color'] ? { text_color: entry['text_color'] } : {}),
          },
        },
      };
    }),
    claims: (metadata.claims ?? []).map((claim) => ({
      path: claim.path,
      ...(claim.display
        ? {
            display: claim.display.map((d) => ({
              locale: d.locale ?? 'en',
              label: d.name,
              ...(d.description ? { description: d.description } : {}),
            })),
          }
        : {}),
      ...(claim.mandatory !== undefined ? { mandatory: claim.mandatory } : {}),
    })),
  };
}
