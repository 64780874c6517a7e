import { SegmentedControl, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { useAuth } from '../../auth/AuthProvider';
import { canOnPlatform } from '../../auth/roles';
import { PemChainField } from './PemChainField';
import { useCertificates, useDids } from './profiles-api';
import { errorsUnder, memberError, setMember, type ProfileForm } from './use-profile-form';

type CertificateSource = 'none' | 'certificate' | 'pem';

/**
 * Who the credentials name as their issuer, by format (API.md §5, docs/api-additions.md): a DID (`issuerDid`, not for
 * mdoc), an X.509 chain (`certificateId` of a kms certificate, or `x5Chain` PEMs; required for mdoc, optional x5c for
 * SD-JWT VC), and the W3C data model version.
 */
export function SigningIdentityFields({ form, issuerId, format }: { form: ProfileForm; issuerId: string; format: string | undefined }) {
  const { principal } = useAuth();
  const platform = canOnPlatform(principal, 'issuer-admin');
  const dids = useDids();
  const certificates = useCertificates();
  const values = form.getValues();
  const mdoc = format === 'mso_mdoc';
  const source: CertificateSource = values.certificateId !== undefined ? 'certificate' : values.x5Chain !== undefined ? 'pem' : 'none';
  const usable = <T extends { issuerId?: string }>(items: T[] | undefined) =>
    (items ?? []).filter((item) => item.issuerId === issuerId || (platform && item.issuerId === undefined));

  const didData = usable(dids.data).map((d) => ({ value: d.did, label: d.did.length > 80 ? `${d.did.slice(0, 77)}…` : d.did }));
  if (values.issuerDid && !didData.some((d) => d.value === values.issuerDid))
    didData.push({ value: values.issuerDid, label: values.issuerDid });
  const certificateData = usable(certificates.data).map((c) => ({
    value: c.certificateId,
    label: `${c.subject.commonName ?? 'No CN'} · ${c.profile} · until ${c.notAfter.slice(0, 10)} · ${c.certificateId.slice(0, 8)}`,
  }));
  if (values.certificateId && !certificateData.some((c) => c.value === values.certificateId))
    certificateData.push({ value: values.certificateId, label: values.certificateId });

  const chooseSource = (next: string) => {
    const previous = form.getValues();
    form.setValues({ ...previous, certificateId: next === 'certificate' ? '' : undefined, x5Chain: next === 'pem' ? [] : undefined });
  };

  return (
    <Stack gap="sm">
      {format === 'jwt_vc_json' && (
        <Select
          label="W3C data model"
          data={[
            { value: '1.1', label: 'VCDM 1.1 (JWT with a vc claim, default)' },
            { value: '2.0', label: 'VCDM 2.0 (vc+jwt, or vc+sd-jwt with selective disclosure)' },
          ]}
          value={values.w3cVersion ?? null}
          placeholder="VCDM 1.1 (default)"
          clearable
          onChange={(next) => setMember(form, 'w3cVersion', next ?? undefined)}
          error={memberError(form, 'w3cVersion')}
        />
      )}
      {!mdoc && (
        <Select
          label="Issuer DID"
          description="Optional: the credentials name this DID as issuer (its verification method must hold the signing key)"
          data={didData}
          value={values.issuerDid ?? null}
          placeholder={dids.isPending ? 'Loading DIDs…' : didData.length ? 'None' : 'No DID of this issuer: create one under DIDs'}
          clearable
          searchable
          onChange={(next) => setMember(form, 'issuerDid', next ?? undefined)}
          error={memberError(form, 'issuerDid')}
        />
      )}
      <div>
        <Text size="sm" fw={500} id="certificate-source-label">
          X.509 certificate chain {mdoc ? '(required for mdoc: the Document Signer)' : '(optional: x5c header)'}
        </Text>
        <SegmentedControl
          mt={4}
          aria-labelledby="certificate-source-label"
          value={source}
          onChange={chooseSource}
          data={[
            { value: 'none', label: 'None' },
            { value: 'certificate', label: 'kms certificate' },
            { value: 'pem', label: 'PEM chain' },
          ]}
        />
      </div>
      {source === 'certificate' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label="Certificate"
            description="Its key must be the signing key"
            data={certificateData}
            value={values.certificateId || null}
            placeholder={certificates.isPending ? 'Loading certificates…' : 'Choose a certificate'}
            searchable
            onChange={(next) => setMember(form, 'certificateId', next ?? '')}
            error={memberError(form, 'certificateId')}
          />
        </SimpleGrid>
      )}
      {source === 'pem' && (
        <PemChainField
          value={values.x5Chain ?? []}
          onChange={(chain) => setMember(form, 'x5Chain', chain)}
          error={errorsUnder(form, 'x5Chain')}
        />
      )}
      {source === 'none' && mdoc && (
        <Text size="sm" c="red" role="alert">
          {memberError(form, 'x5Chain') ??
            'An mdoc profile needs the Document Signer certificate: choose a kms certificate or paste its chain.'}
        </Text>
      )}
    </Stack>
  );
}
