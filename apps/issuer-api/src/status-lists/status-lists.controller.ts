import { Controller, Get, Inject, Param, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { BusError, StatusListGet } from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';
import { STATUS_LIST_CWT_MEDIA_TYPE } from '@issuer/status-list';
import { SafeInputPipe } from '../common/safe-input.pipe';

const listIdSchema = z.string().uuid();

/**
 * Public status lists (API.md §7): the signed list as `application/statuslist+jwt` (Token Status List; its
 * CWT form `application/statuslist+cwt` when the `Accept` header asks for that),
 * `application/vc+jwt` (Bitstring Status List, VCDM 2.0) or `application/jwt` (StatusList2021, VCDM 1.1),
 * with a strong ETag (304 on If-None-Match) and `Cache-Control: max-age` from the list's `ttl`. CORS-open for
 * verifiers in browsers (draft-ietf-oauth-status-list §8.2): common/cors-rules.ts, like every public document.
 */
@Controller()
@UsePipes(new SafeInputPipe({ body: false }))
export class StatusListsController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get('status-lists/:listId')
  async get(@Param('listId') listId: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (!listIdSchema.safeParse(listId).success) throw new BusError('NOT_FOUND', `status list ${listId} not found`);
    const list = await this.bus.request(StatusListGet, { listId, format: wantsCwt(request.headers.accept) ? 'cwt' : 'jwt' });
    reply.header('etag', list.etag).header('cache-control', `public, max-age=${list.maxAgeSeconds}`).header('vary', 'accept');
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim() === list.etag)) {
      reply.status(304).send();
      return;
    }
    const cwt = list.mediaType === STATUS_LIST_CWT_MEDIA_TYPE;
    reply.header('content-type', list.mediaType).send(cwt ? Buffer.from(list.token, 'base64url') : list.token);
  }
}

/** The CWT form is served when the client asks for it and not (also) for the JWT form (draft-ietf-oauth-status-list §8.1). */
function wantsCwt(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((part) => part.split(';')[0].trim().toLowerCase());
  return types.includes(STATUS_LIST_CWT_MEDIA_TYPE) && !types.includes('application/statuslist+jwt');
}
