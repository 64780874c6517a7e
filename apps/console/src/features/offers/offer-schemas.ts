import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { propertySchema, requestSchema } from '../../api/openapi-schemas';

type Json = Record<string, unknown>;

export const OFFERS_PATH = '/api/v1/issuers/{issuerId}/profiles/{profileId}/offers';

/**
 * A schema describing the profile's own credentialData (its fields, their types, the profile's value as the
 * default), so the editor completes the names a profile really uses; the API's schema alone only says "object".
 */
export function schemaOfData(value: unknown): Json {
  if (Array.isArray(value)) return { type: 'array' };
  if (value !== null && typeof value === 'object') {
    const properties = Object.fromEntries(Object.entries(value as Json).map(([key, child]) => [key, schemaOfData(child)]));
    return { type: 'object', properties };
  }
  if (value === null) return {};
  const type = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
  return { type, description: `The profile's value: ${JSON.stringify(value)}` };
}

/** The editors' schemas: the API's `runtimeOverrides` (from /api/openapi.json) plus the profile's data fields. */
export function useOfferSchemas(profileData: Record<string, unknown> | undefined) {
  const api = useQuery({
    queryKey: ['openapi', 'post', OFFERS_PATH],
    queryFn: () => requestSchema('post', OFFERS_PATH),
    staleTime: Infinity,
  });
  // Memoized: the editors reconfigure when their schema object changes.
  return useMemo(() => {
    const overrides = propertySchema(api.data, 'runtimeOverrides');
    const fromApi = propertySchema(overrides, 'credentialData') ?? { type: 'object' };
    const credentialData: Json = { ...fromApi, properties: schemaOfData(profileData ?? {}).properties };
    const otherOverrides: Json | undefined = overrides && {
      ...overrides,
      properties: Object.fromEntries(
        Object.entries((overrides.properties as Json | undefined) ?? {}).filter(([name]) => name !== 'credentialData'),
      ),
    };
    return { credentialData, otherOverrides };
  }, [api.data, profileData]);
}
