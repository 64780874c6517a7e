import { createHash } from 'node:crypto';
import { Controller, Get, Inject, Param, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BusError, DidWebDocument, didWebPathSchema } from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';
import { SafeInputPipe } from '../common/safe-input.pipe';

/**
 * Public hosting of did:web documents (did:web spec §3.2): `did:web:<host>` at `/.well-known/did.json`,
 * `did:web:<host>:dids:<path>` at `/dids/<path>/did.json`. Not cached here: a deleted DID disappears at once
 * on every replica; clients revalidate with the ETag.
 */
@Controller()
@UsePipes(new SafeInputPipe({ body: false }))
export class DidDocumentsController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get('.well-known/did.json')
  async root(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    send(req, reply, await this.bus.request(DidWebDocument, { path: null }));
  }

  @Get('dids/:path/did.json')
  async atPath(@Param('path') path: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!didWebPathSchema.safeParse(path).success) throw new BusError('NOT_FOUND', `no DID document at /dids/${path}/did.json`);
    send(req, reply, await this.bus.request(DidWebDocument, { path }));
  }
}

function send(req: FastifyRequest, reply: FastifyReply, document: unknown): void {
  const body = JSON.stringify(document);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  reply.header('etag', etag).header('cache-control', 'public, max-age=60');
  if (req.headers['if-none-match'] === etag) {
    reply.status(304).send();
    return;
  }
  reply.header('content-type', 'application/did+json').send(body);
}
