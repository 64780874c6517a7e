import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { profileDisplaySchema } from './profile-display.schema';
import { profileSchema, runtimeOverridesSchema } from './profile.schema';

const FULL = {
  name: 'Identity',
  locale: 'en-US',
  logo: { uri: 'https://issuer.example/logo.png', alt_text: 'ACME logo' },
  description: 'A national identity credential',
  background_color: '#12107c',
  background_image: { uri: 'data:image/png;base64,iVBORw0KGgo=' },
  text_color: 'rgb(255, 255, 255)',
};

/** The paths of the problems a display value has, as the admin API names them (`display.0.name`). */
function problems(display: unknown): string[] {
  const parsed = profileSchema.safeParse({ name: 'p', credentialConfigurationId: 'c', issuerKeyId: crypto.randomUUID(), display });
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('profile display (OID4VCI 1.0 §12.2.4 credential display)', () => {
  it('accepts every member of the OID4VCI display object, per locale', () => {
    const display = [FULL, { name: 'Identität', locale: 'de' }, { name: 'Identité', locale: 'fr', text_color: '#fff' }];
    assert.deepEqual(profileDisplaySchema.parse(display), display);
    assert.deepEqual(problems([{ name: 'No locale' }]), []);
  });

  it('refuses a missing or empty name, naming the entry', () => {
    assert.deepEqual(problems([FULL, { locale: 'de' }]), ['display.1.name']);
    assert.deepEqual(problems([{ ...FULL, name: '' }]), ['display.0.name']);
  });

  it('refuses members outside the OID4VCI shape, e.g. walt.id camelCase names', () => {
    assert.deepEqual(problems([{ name: 'x', backgroundColor: '#123456' }]), ['display.0']);
    assert.deepEqual(problems([{ name: 'x', logo: { url: 'https://issuer.example/logo.png' } }]), ['display.0.logo.uri', 'display.0.logo']);
    assert.deepEqual(problems([{ name: 'x', background_image: { uri: 'https://issuer.example/bg.png', alt_text: 'bg' } }]), [
      'display.0.background_image',
    ]);
  });

  it('refuses image URIs a wallet cannot load safely, colours that are not CSS numerical values, and bad locales', () => {
    assert.deepEqual(problems([{ name: 'x', logo: { uri: 'javascript:alert(1)' } }]), ['display.0.logo.uri']);
    assert.deepEqual(problems([{ name: 'x', logo: { uri: '/relative.png' } }]), ['display.0.logo.uri']);
    assert.deepEqual(problems([{ name: 'x', background_image: { uri: 'ftp://issuer.example/bg.png' } }]), [
      'display.0.background_image.uri',
    ]);
    for (const colour of ['blue', '#12345', '12107c', 'rgb(1,2', 'url(x)'])
      assert.deepEqual(problems([{ name: 'x', background_color: colour }]), ['display.0.background_color'], colour);
    assert.deepEqual(problems([{ name: 'x', text_color: 7 }]), ['display.0.text_color']);
    for (const tag of ['english language', 'e', 'en_US', ''])
      assert.deepEqual(problems([{ name: 'x', locale: tag }]), ['display.0.locale'], tag);
  });

  it('refuses a display that is not a non-empty array, and two entries for one locale', () => {
    assert.deepEqual(problems({ name: 'x' }), ['display']);
    assert.deepEqual(problems([]), ['display']);
    assert.deepEqual(problems('Identity'), ['display']);
    assert.deepEqual(
      problems([
        { name: 'a', locale: 'en' },
        { name: 'b', locale: 'EN' },
      ]),
      ['display.1.locale'],
    );
    assert.deepEqual(problems([{ name: 'a' }, { name: 'b' }]), ['display.1.locale']);
  });

  it('applies to runtime overrides as well', () => {
    const parsed = runtimeOverridesSchema.safeParse({ display: [{ locale: 'en' }] });
    assert.equal(parsed.success, false);
    assert.deepEqual(
      parsed.error?.issues.map((issue) => issue.path.join('.')),
      ['display.0.name'],
    );
  });
});
