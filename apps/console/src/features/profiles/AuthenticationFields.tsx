import { Checkbox, Select, SimpleGrid, Stack } from '@mantine/core';
import { ClaimsMappingRows } from './ClaimsMappingRows';
import { JsonValueField } from './JsonValueField';
import type { Authentication, IssuerSummary } from './types';
import { errorsUnder, memberError, setMember, type ProfileForm } from './use-profile-form';

const METHODS = [
  { value: 'NONE', label: 'None (pre-authorized offers only)' },
  { value: 'PASSWORD', label: 'PASSWORD: the issuer’s login form and users' },
  { value: 'EXTERNAL_IDP', label: 'EXTERNAL_IDP: an OpenID provider of the issuer' },
  { value: 'ID_TOKEN', label: 'ID_TOKEN: the wallet proves a DID' },
  { value: 'VP_TOKEN', label: 'VP_TOKEN: the wallet presents a credential' },
];

/** What the form starts a login method with: its required members, empty, for the API to name. */
function startOf(method: string): Authentication | undefined {
  switch (method) {
    case 'PASSWORD':
    case 'ID_TOKEN':
      return { method };
    case 'EXTERNAL_IDP':
      return { method, identityProvider: '' };
    case 'VP_TOKEN':
      return { method, dcqlQuery: {}, trustedIssuers: [] };
    default:
      return undefined;
  }
}

/** The API's errors under `idTokenClaimsMapping.`, keyed by the login claim they name. */
function claimErrors(errors: Record<string, unknown>): Record<string, string> {
  const prefix = 'idTokenClaimsMapping.';
  return Object.fromEntries(
    Object.entries(errors)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, message]) => [key.slice(prefix.length), String(message)]),
  );
}

export interface AuthenticationFieldsProps {
  form: ProfileForm;
  issuer: IssuerSummary;
  onValidity: (field: string, error: string | undefined) => void;
}

/**
 * How the subject logs in for an AUTHORIZED offer (API.md §11): `authentication`, `walletInitiated`, and the login
 * claims that fill the credential data (`idTokenClaimsMapping`).
 */
export function AuthenticationFields({ form, issuer, onValidity }: AuthenticationFieldsProps) {
  const values = form.getValues();
  const auth = values.authentication;
  const providers = Object.keys(issuer.authorization?.identityProviders ?? {});
  const current = auth?.method === 'EXTERNAL_IDP' ? auth.identityProvider : '';
  const providerData = current && !providers.includes(current) ? [...providers, current] : providers;
  const mappingError = memberError(form, 'idTokenClaimsMapping');
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label="Login method"
          description="For offers with the authorization code flow"
          data={METHODS}
          value={auth?.method ?? 'NONE'}
          allowDeselect={false}
          onChange={(next) => next && setMember(form, 'authentication', startOf(next))}
          error={memberError(form, 'authentication.method') ?? memberError(form, 'authentication')}
        />
        {auth?.method === 'EXTERNAL_IDP' && (
          <Select
            label="Identity provider"
            description={
              providers.length
                ? 'One of the issuer’s providers'
                : 'The issuer has no identity provider: add one to its authorization settings'
            }
            data={providerData}
            value={auth.identityProvider || null}
            onChange={(next) => setMember(form, 'authentication.identityProvider', next ?? '')}
            error={memberError(form, 'authentication.identityProvider')}
            required
          />
        )}
      </SimpleGrid>
      {auth?.method === 'VP_TOKEN' && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <JsonValueField
            label="DCQL query"
            description="What the wallet must present (OpenID4VP DCQL)"
            value={auth.dcqlQuery}
            onChange={(next) => setMember(form, 'authentication.dcqlQuery', next ?? {})}
            onValidity={(error) => onValidity('authentication.dcqlQuery', error)}
            error={errorsUnder(form, 'authentication.dcqlQuery')}
          />
          <JsonValueField
            label="Trusted issuers"
            description="Whose presented credentials are accepted (at least one; nothing is trusted by default)"
            value={auth.trustedIssuers}
            kind="array"
            optional
            onChange={(next) => setMember(form, 'authentication.trustedIssuers', next)}
            onValidity={(error) => onValidity('authentication.trustedIssuers', error)}
            error={errorsUnder(form, 'authentication.trustedIssuers')}
          />
        </SimpleGrid>
      )}
      <Checkbox
        label="Serve wallet-initiated requests for this configuration (no offer needed)"
        checked={values.walletInitiated === true}
        onChange={(event) => setMember(form, 'walletInitiated', event.currentTarget.checked || undefined)}
        error={memberError(form, 'walletInitiated')}
      />
      <ClaimsMappingRows
        value={values.idTokenClaimsMapping}
        onChange={(next) => setMember(form, 'idTokenClaimsMapping', next)}
        errors={claimErrors(form.errors)}
      />
      {mappingError && (
        <div role="alert" style={{ color: 'var(--mantine-color-error)', fontSize: 'var(--mantine-font-size-sm)' }}>
          {mappingError}
        </div>
      )}
    </Stack>
  );
}
