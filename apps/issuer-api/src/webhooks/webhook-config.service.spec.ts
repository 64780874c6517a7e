import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { OutboundGuard, parseOutboundAllowList } from '@issuer/platform';
import { SecretBox } from './secret-box';
import { WebhookConfigService } from './webhook-config.service';

// Loopback is allowed, so only the URL checks decide; the resolver is never asked for these literal addresses.
const guard = new OutboundGuard(parseOutboundAllowList('127.0.0.1'), async () => [{ address: '127.0.0.1', family: 4 }]);
const service = new WebhookConfigService(guard, new SecretBox(randomBytes(32)));

describe('WebhookConfigService.validate', () => {
  it('refuses malformed URLs as a field error instead of throwing', async () => {
    for (const url of [
      '',
      'x',
      'http://',
      'https://',
      '😀',
      'ftp://127.0.0.1/hook',
      'javascript:alert(1)',
      'mailto:a@b.c',
      '//127.0.0.1/x',
    ]) {
      const errors = await service.validate({ webhook: { url } }, 'notifications');
      assert.deepEqual(
        errors.map((e) => e.path),
        ['notifications.webhook.url'],
        `${JSON.stringify(url)}: ${JSON.stringify(errors)}`,
      );
    }
  });

  it('accepts an http(s) URL of an allowed host', async () => {
    assert.deepEqual(await service.validate({ webhook: { url: 'http://127.0.0.1:8080/hooks?x=1' } }, 'notifications'), []);
  });
});
