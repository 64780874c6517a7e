import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { loadOwf, owfContext } from '@issuer/testing';
import { oid4vpSessionTranscript } from './session-transcript';

// The non-normative example of OpenID4VP 1.0 Appendix B.2.6.1 (an encrypted response, so jwkThumbprint is set).
const SPEC_HANDOVER_INFO =
  '847818783530395f73616e5f646e733a6578616d706c652e636f6d782b6578633767426b786a7831726463397564527276654b7653734a4971383061766c58654c4868477771744158204283ec927ae0f208daaa2d026a814f2b22dca52cf85ffa8f3f8626c6bd669047781c68747470733a2f2f6578616d706c652e636f6d2f726573706f6e7365';
const SPEC_SESSION_TRANSCRIPT =
  '83f6f682714f70656e494434565048616e646f7665725820048bc053c00442af9b8eed494cefdd9d95240d254b046b11b68013722aad38ac';

describe('oid4vpSessionTranscript (OpenID4VP 1.0 Appendix B.2.6.1)', () => {
  it('reproduces the example of the specification byte for byte', () => {
    const transcript = oid4vpSessionTranscript({
      clientId: 'x509_san_dns:example.com',
      nonce: 'exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA',
      jwkThumbprint: Buffer.from('4283ec927ae0f208daaa2d026a814f2b22dca52cf85ffa8f3f8626c6bd669047', 'hex'),
      responseUri: 'https://example.com/response',
    });
    assert.equal(Buffer.from(transcript).toString('hex'), SPEC_SESSION_TRANSCRIPT);
    // And the example's hash is indeed over the CBOR of the info array itself.
    assert.ok(SPEC_SESSION_TRANSCRIPT.endsWith(createHash('sha256').update(Buffer.from(SPEC_HANDOVER_INFO, 'hex')).digest('hex')));
  });

  it('matches @owf/mdoc SessionTranscript.forOid4Vp for direct_post (jwkThumbprint null)', async () => {
    const owf = await loadOwf();
    const input = {
      clientId: 'https://issuer.example/issuers/a',
      nonce: 'abc',
      responseUri: 'https://issuer.example/issuers/a/direct_post',
    };
    const theirs = (await owf.SessionTranscript.forOid4Vp(input, owfContext(owf) as never)).encode();
    assert.equal(Buffer.from(oid4vpSessionTranscript(input)).toString('hex'), Buffer.from(theirs).toString('hex'));
  });
});
