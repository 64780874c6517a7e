import { Controller, Get, HttpCode, Inject, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AppError } from '@issuer/platform';
import { ConsoleFiles } from './console-files';
import { CONSOLE_SECURITY_HEADERS, consoleCsp, newNonce, withNonce } from './console-page';
import { CONSOLE_SETTINGS } from './console.wiring-tokens';
import type { ConsoleClientConfig, ConsoleSettings } from './console.settings';

/**
 * The admin console at /console: the single-page app built by tools/build.mjs (apps/console), its hashed assets,
 * and the configuration it reads before sign-in. Every path the app routes (`/console/issuers/acme`, ...) answers
 * its index.html, so a reload or a shared link opens the same page. The app itself calls only the admin API.
 */
@Controller('console')
export class ConsoleController {
  private readonly files: ConsoleFiles;

  constructor(@Inject(CONSOLE_SETTINGS) private readonly settings: ConsoleSettings) {
    this.files = new ConsoleFiles(settings.directory);
  }

  @Get()
  @HttpCode(308)
  root(@Res() reply: FastifyReply): void {
    this.requireEnabled();
    reply.header('location', '/console/').send();
  }

  @Get('config.json')
  config(@Res() reply: FastifyReply): void {
    this.requireEnabled();
    reply
      .header('cache-control', 'no-store')
      .type('application/json')
      .send(this.settings.client satisfies ConsoleClientConfig);
  }

  @Get('assets/:name')
  async asset(@Param('name') name: string, @Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const asset = await this.files.asset(name);
    if (!asset) throw AppError.notFound(`console asset ${name}`);
    reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .type(asset.contentType)
      .send(asset.body);
  }

  @Get('*')
  async page(@Res() reply: FastifyReply): Promise<void> {
    this.requireEnabled();
    const html = await this.files.indexHtml();
    if (html === undefined)
      throw new AppError('UNAVAILABLE', 'The console is not built: run `npm run build` (tools/build.mjs builds apps/console)');
    const nonce = newNonce();
    reply
      .headers(CONSOLE_SECURITY_HEADERS)
      .header('content-security-policy', consoleCsp(nonce, this.settings.connectOrigins))
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(withNonce(html, nonce));
  }

  private requireEnabled(): void {
    if (!this.settings.enabled) throw AppError.notFound('the console (CONSOLE_ENABLED=false)');
  }
}
