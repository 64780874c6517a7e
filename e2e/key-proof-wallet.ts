import 'reflect-metadata'; // @peculiar/x509 resolves its providers through tsyringe
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import * as x509 from '@peculiar/x509';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { clientAuthenticationAnonymous, setGlobalConfig, type CallbackContext, type JwtSigner } from '@openid4vc/oauth2';
import { createKeyAttestationJwt, Openid4vciClient } from '@openid4vc/openid4vci';

/** A key of the wallet or of a wallet provider. */
export interface WalletKey {
  alg: 'ES256' | 'EdDSA';
  publicJwk: JWK;
  privateKey: CryptoKey;
}

export async function newWalletKey(alg: 'ES256' | 'EdDSA' = 'ES256'): Promise<WalletKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, publicJwk: await exportJWK(publicKey), privateKey };
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

/** did:key of a P-256 or Ed25519 key, written by the test itself (multicodec + compressed point + base58btc). */
export function didKeyOf(jwk: JWK): string {
  const x = Buffer.from(jwk.x!, 'base64url');
  const bytes =
    jwk.kty === 'OKP'
      ? Buffer.concat([Buffer.from([0xed, 0x01]), x])
      : Buffer.concat([Buffer.from([0x80, 0x24, 2 + (Buffer.from(jwk.y!, 'base64url').at(-1)! & 1)]), x]);
  let n = BigInt(`0x${bytes.toString('hex')}`);
  let encoded = '';
  for (; n > 0n; n /= 58n) encoded = BASE58[Number(n % 58n)] + encoded;
  return `did:key:z${encoded}`;
}

/**
 * A wallet on the independent OWF library `@openid4vc/openid4vci`, signing with keys presented as `jwk`,
 * as a DID URL `kid` (did:key, did:web) or, for key attestations, as an `x5c` chain of a wallet provider.
 */
export class KeyProofWallet {
  readonly client: Openid4vciClient;
  private readonly byThumbprint = new Map<string, WalletKey>();
  private readonly byKid = new Map<string, WalletKey>();

  constructor() {
    setGlobalConfig({ allowInsecureUrls: true });
    this.client = new Openid4vciClient({ callbacks: this.callbacks() });
  }

  async remember(key: WalletKey, kid?: string): Promise<WalletKey> {
    this.byThumbprint.set(await calculateJwkThumbprint(key.publicJwk), key);
    if (kid) this.byKid.set(kid, key);
    return key;
  }

  /** Offer → metadata → token (pre-authorized code, bearer) → c_nonce. */
  async start(offerUri: string) {
    const offer = await this.client.resolveCredentialOffer(offerUri);
    const issuerMetadata = await this.client.resolveIssuerMetadata(offer.credential_issuer);
    const { accessTokenResponse } = await this.client.retrievePreAuthorizedCodeAccessTokenFromOffer({
      credentialOffer: offer,
      issuerMetadata,
    });
    const { c_nonce } = await this.client.requestNonce({ issuerMetadata });
    return {
      issuerMetadata,
      credentialConfigurationId: offer.credential_configuration_ids[0]!,
      accessToken: accessTokenResponse.access_token,
      nonce: c_nonce,
    };
  }

  /** A key attestation by the library (typ keyattestation+jwt, the pre-final spelling 0.4.6 emits). */
  keyAttestation(signer: JwtSigner, options: Omit<Parameters<typeof createKeyAttestationJwt>[0], 'signer' | 'callbacks'>) {
    return createKeyAttestationJwt({ ...options, signer, callbacks: { signJwt: this.callbacks().signJwt } });
  }

  private callbacks(): Omit<CallbackContext, 'verifyJwt' | 'decryptJwe' | 'encryptJwe'> {
    return {
      hash: (data, alg) => createHash(alg.replace('-', '').toLowerCase()).update(data).digest(),
      generateRandom: (length) => randomBytes(length),
      clientAuthentication: clientAuthenticationAnonymous(),
      signJwt: async (signer, { header, payload }) => {
        const key =
          signer.method === 'jwk'
            ? this.byThumbprint.get(await calculateJwkThumbprint(signer.publicJwk as JWK))
            : signer.method === 'did'
              ? this.byKid.get(signer.didUrl)
              : signer.method === 'x5c'
                ? this.byKid.get(signer.x5c[0]!)
                : undefined;
        if (!key) throw new Error(`no key for the ${signer.method} signer`);
        const jwt = await new SignJWT(payload as never).setProtectedHeader(header as never).sign(key.privateKey);
        return { jwt, signerJwk: key.publicJwk as never };
      },
    };
  }
}

/** A wallet provider (key attestation issuer): a root CA (the issuer's trust anchor) and a leaf that signs. */
export interface WalletProvider {
  rootPem: string;
  x5c: string[];
  leaf: WalletKey;
}

async function certificate(subject: string, key: WalletKey, issuer: { name: string; key: WalletKey }, ca: boolean) {
  const now = Date.now();
  const publicKey = await globalThis.crypto.subtle.importKey('jwk', key.publicJwk as never, { name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'verify',
  ]);
  return x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.name,
    publicKey: publicKey as never,
    signingKey: issuer.key.privateKey as never,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 30 * 86_400_000),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.BasicConstraintsExtension(ca, ca ? 0 : undefined, true),
      new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign : x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
}

export async function createWalletProvider(name: string): Promise<WalletProvider> {
  const rootKey = await newWalletKey();
  const rootName = `CN=${name} Root`;
  const root = await certificate(rootName, rootKey, { name: rootName, key: rootKey }, true);
  const leaf = await newWalletKey();
  const leafCertificate = await certificate(`CN=${name} Key Attester`, leaf, { name: rootName, key: rootKey }, false);
  return { rootPem: root.toString('pem'), x5c: [Buffer.from(leafCertificate.rawData).toString('base64')], leaf };
}

/** Serves did:web documents on 127.0.0.1 (`did:web:127.0.0.1%3A<port>[:<path>]`) and counts the requests. */
export class DidWebHost {
  private constructor(
    private readonly server: Server,
    readonly host: string,
    private readonly documents: Map<string, unknown>,
    private readonly counter: { requests: number },
  ) {}

  static async start(): Promise<DidWebHost> {
    const documents = new Map<string, unknown>();
    const counter = { requests: 0 };
    const server = createServer((req, res) => {
      counter.requests++;
      const document = documents.get(req.url ?? '');
      res.writeHead(document ? 200 : 404, { 'content-type': 'application/did+json' });
      res.end(document ? JSON.stringify(document) : '{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return new DidWebHost(server, `127.0.0.1%3A${port}`, documents, counter);
  }

  /** How many document requests the host has answered. */
  get requests(): number {
    return this.counter.requests;
  }

  /** Publishes `did:web:<host>:<path>` with one JsonWebKey2020 method `#key-1`, under `authentication` unless told otherwise. */
  publish(path: string, key: WalletKey, relationships: string[] = ['authentication', 'assertionMethod']): { did: string; kid: string } {
    const did = `did:web:${this.host}:${path}`;
    const kid = `${did}#key-1`;
    const document: Record<string, unknown> = {
      '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
      id: did,
      verificationMethod: [{ id: kid, type: 'JsonWebKey2020', controller: did, publicKeyJwk: key.publicJwk }],
    };
    for (const relationship of relationships) document[relationship] = [kid];
    this.documents.set(`/${path}/did.json`, document);
    return { did, kid };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
