// Test helper (imported only by specs and other fakes): a throwaway self-signed TLS certificate for 127.0.0.1 and an
// https.Agent that trusts exactly that certificate. Some SDKs (Azure's bearer-token policy, MSAL's authority check)
// refuse plain http, so their fakes serve https; the SDK clients get this agent through their documented `agent`
// pipeline option, so nothing process-wide (NODE_TLS_REJECT_UNAUTHORIZED, NODE_EXTRA_CA_CERTS) is touched.
import 'reflect-metadata'; // @peculiar/x509 resolves its algorithm providers through tsyringe
import { webcrypto } from 'node:crypto';
import { Agent } from 'node:https';
import * as x509 from '@peculiar/x509';

export interface LoopbackTls {
  /** PEM certificate and PKCS#8 private key for `https.createServer`. */
  cert: string;
  key: string;
  /** Trusts only this certificate (no public CAs): pass as the SDK's `agent` option. */
  agent: Agent;
}

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export async function createLoopbackTls(): Promise<LoopbackTls> {
  x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=127.0.0.1',
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + 24 * 3600_000),
    keys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const cert = certificate.toString('pem');
  return { cert, key, agent: new Agent({ ca: cert, keepAlive: false }) };
}
