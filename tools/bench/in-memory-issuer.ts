import { serveOneFileIssuer, sameSecret, type OneFileStore, type StoredOffer } from './one-file-issuer';

/**
 * The in-memory baseline of issue 17's targets: the one-file issuer (one-file-issuer.ts) with Maps for its state.
 * No persistence: what the platform's durable state is compared against. Only the benchmark starts it.
 */
interface AccessToken {
  offerId: string;
  expiresAt: number;
}

class MapStore implements OneFileStore {
  private readonly offers = new Map<string, StoredOffer & { redeemed: boolean }>();
  private readonly codes = new Map<string, string>();
  private readonly tokens = new Map<string, AccessToken>();
  private readonly nonces = new Map<string, number>();

  createOffer(offerId: string, offer: StoredOffer): void {
    this.offers.set(offerId, { ...offer, redeemed: false });
    this.codes.set(offer.code, offerId);
  }

  offer(offerId: string, now: number): StoredOffer | undefined {
    const offer = this.offers.get(offerId);
    return offer && offer.expiresAt >= now ? offer : undefined;
  }

  redeem(code: string, txCode: string, accessToken: string, tokenExpiresAt: number, now: number): boolean {
    const offerId = this.codes.get(code);
    const offer = offerId ? this.offers.get(offerId) : undefined;
    if (!offerId || !offer || offer.redeemed || offer.expiresAt < now || !sameSecret(txCode, offer.txCode)) return false;
    offer.redeemed = true;
    this.codes.delete(offer.code);
    this.tokens.set(accessToken, { offerId, expiresAt: tokenExpiresAt });
    return true;
  }

  addNonce(nonce: string, expiresAt: number): void {
    this.nonces.set(nonce, expiresAt);
  }

  tokenValid(accessToken: string, now: number): boolean {
    const token = this.tokens.get(accessToken);
    return token !== undefined && token.expiresAt >= now;
  }

  complete(accessToken: string, nonce: string, now: number): 'ok' | 'invalid_nonce' | 'invalid_token' {
    const expiry = this.nonces.get(nonce);
    if (expiry === undefined || expiry < now) return 'invalid_nonce';
    this.nonces.delete(nonce);
    const token = this.tokens.get(accessToken);
    if (!token || token.expiresAt < now) return 'invalid_token';
    this.tokens.delete(accessToken);
    this.offers.delete(token.offerId);
    return 'ok';
  }

  sweep(now: number): void {
    for (const [key, offer] of this.offers) {
      if (offer.expiresAt >= now) continue;
      this.offers.delete(key);
      this.codes.delete(offer.code);
    }
    for (const [key, token] of this.tokens) if (token.expiresAt < now) this.tokens.delete(key);
    for (const [key, expiry] of this.nonces) if (expiry < now) this.nonces.delete(key);
  }
}

void serveOneFileIssuer(new MapStore(), 'in-memory issuer');
