import { Inject, Injectable } from '@nestjs/common';
import { guardedGetText, OutboundGuard } from '@issuer/platform';
import { ISSUER_API_CONFIG, type IssuerApiConfig } from '../issuer-api.config';

/**
 * Outbound GETs of the `<webhook:…>` / `<webhook-json:…>` data functions: SSRF-guarded with
 * OUTBOUND_ALLOWED_HOSTS, bounded by DATA_FUNCTION_TIMEOUT and DATA_FUNCTION_MAX_BYTES (API.md §10).
 */
@Injectable()
export class DataFunctionFetcher {
  private readonly guard: OutboundGuard;

  constructor(@Inject(ISSUER_API_CONFIG) private readonly config: IssuerApiConfig) {
    this.guard = new OutboundGuard(config.outboundAllowList);
  }

  fetchText(url: string): Promise<string> {
    return guardedGetText(url, {
      guard: this.guard,
      timeoutMs: this.config.dataFunctionTimeoutMs,
      maxBytes: this.config.dataFunctionMaxBytes,
    });
  }

  /** Configuration-time check of a data function URL; the reason when the guard would refuse it. */
  async refusal(url: string): Promise<string | undefined> {
    try {
      await this.guard.check(new URL(url).hostname);
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  }
}
