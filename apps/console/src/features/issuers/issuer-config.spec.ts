import { describe, expect, it } from 'vitest';
import { configurationErrors } from './form-fields';
import { cleanJson, parseJson, replaceAll } from '../../components/form-json';
import { pickDisplay, renameConfiguration, withCardField } from './issuer-config';
import { creatableIssuerIds } from './issuer-permissions';
import { readableTextColor } from './WalletCard';
import { ACME_ADMIN, ACME_VIEWER, PLATFORM_ADMIN } from './test-support';

describe('issuer body helpers', () => {
  it('attributes an error path to the longest configuration id it starts with (ids may contain dots)', () => {
    const errors = {
      'credentialConfigurations.org.iso.18013.5.1.mDL.doctype': 'required',
      'credentialConfigurations.org.format': 'unknown',
      'credentialConfigurations.org': 'not an object',
      'display.0.name': 'too short',
    };
    const ids = ['org', 'org.iso.18013.5.1.mDL'];
    expect(configurationErrors(errors, 'org.iso.18013.5.1.mDL', ids)).toEqual({ doctype: 'required' });
    expect(configurationErrors(errors, 'org', ids)).toEqual({ format: 'unknown', '': 'not an object' });
  });

  it('replaces the whole body from the JSON: members it no longer has are cleared, and not sent', () => {
    const next = replaceAll({ id: 'a', tokenKeyId: 'k', credentialConfigurations: {} }, { id: 'a', credentialConfigurations: {} });
    expect(Object.keys(next)).toContain('tokenKeyId');
    expect(cleanJson(next)).toEqual({ id: 'a', credentialConfigurations: {} });
  });

  it('parses only JSON objects as the body', () => {
    expect(parseJson('{"id":"a"}', 'The issuer')).toEqual({ ok: true, value: { id: 'a' } });
    expect(parseJson('[1]', 'The issuer')).toMatchObject({ ok: false, message: 'The issuer must be a JSON object' });
    expect(parseJson('{', 'The issuer')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON/) });
  });

  it('renames a configuration where it stands, and not onto another', () => {
    const c = { a: { format: 'x' }, b: { format: 'y' }, c: { format: 'z' } };
    expect(Object.keys(renameConfiguration(c, 'b', 'bb'))).toEqual(['a', 'bb', 'c']);
    expect(renameConfiguration(c, 'b', 'c')).toBe(c);
  });

  it('edits the first card display entry and drops emptied members', () => {
    const c = withCardField({ format: 'dc+sd-jwt' }, 'background_color', '#000000');
    expect(c.credential_metadata?.display).toEqual([{ name: '', background_color: '#000000' }]);
    expect(withCardField(c, 'background_color', '').credential_metadata?.display).toEqual([{ name: '' }]);
    expect(withCardField(c, 'logo', 'https://x/l.png').credential_metadata?.display?.[0].logo).toEqual({ uri: 'https://x/l.png' });
  });

  it('picks a display entry by locale, then language, then English, then the first', () => {
    const entries = [
      { locale: 'fr', name: 'fr' },
      { locale: 'en-US', name: 'en' },
      { locale: 'de-CH', name: 'ch' },
    ];
    expect(pickDisplay(entries, 'de-CH')?.name).toBe('ch');
    expect(pickDisplay(entries, 'de-DE')?.name).toBe('ch');
    expect(pickDisplay(entries, 'it')?.name).toBe('en');
    expect(pickDisplay([{ locale: 'fr', name: 'fr' }], 'it')?.name).toBe('fr');
  });

  it('chooses readable card text', () => {
    expect(readableTextColor('#ffffff')).toBe('#1a1a1a');
    expect(readableTextColor('#12107c')).toBe('#ffffff');
    expect(readableTextColor('rebeccapurple')).toBe('#ffffff');
  });

  it('knows which issuer ids a principal may create (admin-permissions: issuer-admin on the new id)', () => {
    expect(creatableIssuerIds(PLATFORM_ADMIN, ['acme'])).toBe('*');
    expect(creatableIssuerIds({ ...ACME_ADMIN, issuers: ['acme', 'beta'] }, ['acme'])).toEqual(['beta']);
    expect(creatableIssuerIds(ACME_ADMIN, ['acme'])).toEqual([]);
    expect(creatableIssuerIds(ACME_VIEWER, [])).toEqual([]);
    expect(creatableIssuerIds(undefined, [])).toEqual([]);
  });
});
