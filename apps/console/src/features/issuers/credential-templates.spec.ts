import { describe, expect, it } from 'vitest';
import { addTemplate, CREDENTIAL_TEMPLATES, freeConfigurationId } from './credential-templates';
import type { CredentialConfiguration } from './types';

const template = (key: string) => CREDENTIAL_TEMPLATES.find((t) => t.key === key)!;

describe('credential configuration templates', () => {
  // The rules of libs/oid4vci credential-configuration.schema.ts that a template could break (the console may not
  // import the lib; the templates were also created on a running platform, see the feature's report).
  it.each(CREDENTIAL_TEMPLATES.map((t) => [t.key, t] as const))('%s keeps the rules the API checks', (_, t) => {
    const c: CredentialConfiguration = t.build(t.id);
    expect(['dc+sd-jwt', 'jwt_vc_json', 'mso_mdoc']).toContain(c.format);
    expect(t.id).toMatch(/^[\w.:-]{1,128}$/);
    expect(c.cryptographic_binding_methods_supported === undefined).toBe(c.proof_types_supported === undefined);
    for (const method of c.cryptographic_binding_methods_supported ?? [])
      expect(['jwk', 'cose_key', 'did:jwk', 'did:key', 'did:web', 'did']).toContain(method);
    for (const alg of c.credential_signing_alg_values_supported ?? []) if (typeof alg === 'number') expect(c.format).toBe('mso_mdoc');
    const paths = (c.credential_metadata?.claims ?? []).map((claim) => JSON.stringify(claim.path));
    expect(new Set(paths).size).toBe(paths.length);
    for (const display of c.credential_metadata?.display ?? []) expect(display.name.length).toBeGreaterThan(0);
  });

  it('adds all three, twice each, under six different ids', () => {
    let configurations: Record<string, CredentialConfiguration> = {};
    for (const t of [...CREDENTIAL_TEMPLATES, ...CREDENTIAL_TEMPLATES]) configurations = addTemplate(configurations, t).configurations;
    expect(Object.keys(configurations)).toEqual([
      'identity_sd_jwt',
      'org.iso.18013.5.1.mDL',
      'UniversityDegree_jwt_vc_json',
      'identity_sd_jwt_2',
      'org.iso.18013.5.1.mDL_2',
      'UniversityDegree_jwt_vc_json_2',
    ]);
    expect(configurations['org.iso.18013.5.1.mDL_2'].scope).toBe('org.iso.18013.5.1.mDL_2');
  });

  it('SD-JWT VC: dc+sd-jwt bound to a jwk, no vct so that the issuer serves its Type Metadata', () => {
    const c = template('sd-jwt-vc').build('pid');
    expect(c).toMatchObject({
      format: 'dc+sd-jwt',
      scope: 'pid',
      cryptographic_binding_methods_supported: ['jwk'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: expect.arrayContaining(['ES256']) } },
    });
    expect(c.vct).toBeUndefined();
    expect(c.credential_metadata?.display?.[0]).toMatchObject({ name: 'Identity credential', background_color: expect.any(String) });
  });

  it('mdoc mDL: the ISO doctype, a COSE device key, COSE algorithm numbers and [namespace, element] claim paths', () => {
    const c = template('mdoc-mdl').build('org.iso.18013.5.1.mDL');
    expect(c).toMatchObject({
      format: 'mso_mdoc',
      doctype: 'org.iso.18013.5.1.mDL',
      cryptographic_binding_methods_supported: ['cose_key'],
      credential_signing_alg_values_supported: [-7, -9],
    });
    for (const claim of c.credential_metadata?.claims ?? []) expect(claim.path).toEqual(['org.iso.18013.5.1', expect.any(String)]);
    expect(c.credential_metadata?.claims?.map((claim) => claim.path[1])).toContain('driving_privileges');
  });

  it('W3C: jwt_vc_json with credential_definition types and DID binding, claims under credentialSubject', () => {
    const c = template('w3c-jwt-vc').build('degree');
    expect(c).toMatchObject({
      format: 'jwt_vc_json',
      credential_definition: { type: ['VerifiableCredential', 'UniversityDegreeCredential'] },
      cryptographic_binding_methods_supported: ['did:jwk', 'did:key'],
    });
    for (const claim of c.credential_metadata?.claims ?? []) expect(claim.path[0]).toBe('credentialSubject');
  });

  it('builds independent copies (editing one added template does not change the next)', () => {
    const a = template('sd-jwt-vc').build('a');
    a.proof_types_supported!.jwt.proof_signing_alg_values_supported.push('RS256');
    expect(template('sd-jwt-vc').build('b').proof_types_supported!.jwt.proof_signing_alg_values_supported).not.toContain('RS256');
  });

  it('numbers the id when it is taken', () => {
    expect(freeConfigurationId('pid', [])).toBe('pid');
    expect(freeConfigurationId('pid', ['pid', 'pid_2'])).toBe('pid_3');
  });
});
