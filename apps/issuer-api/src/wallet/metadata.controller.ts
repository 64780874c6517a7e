import { Controller, Get, Inject, Param, Req, Res, UsePipes } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Oid4vciError } from '@issuer/oid4vci';
import { IssuerMetadataService, type PublicDocument } from './issuer-metadata.service';
import { SafeInputPipe } from '../common/safe-input.pipe';

/** Public metadata of each issuer, at the RFC 8615 "inserted" paths and the draft-13 "appended" ones. */
@Controller()
@UsePipes(new SafeInputPipe({ body: false }))
export class MetadataController {
  constructor(@Inject(IssuerMetadataService) private readonly metadata: IssuerMetadataService) {}

  @Get(['.well-known/openid-credential-issuer/issuers/:issuerId', 'issuers/:issuerId/.well-known/openid-credential-issuer'])
  async credentialIssuer(@Param('issuerId') issuerId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    // OID4VCI §12.2.2: JSON by default; the signed JWT form when the wallet asks for it and the issuer has a signing key.
    reply.header('vary', 'accept');
    const signed = prefersJwt(req.headers.accept) ? await this.metadata.signedCredentialIssuer(issuerId) : undefined;
    if (signed) send(req, reply, signed, 'application/jwt');
    else send(req, reply, await this.metadata.credentialIssuer(issuerId));
  }

  @Get(['.well-known/oauth-authorization-server/issuers/:issuerId', 'issuers/:issuerId/.well-known/oauth-authorization-server'])
  async authorizationServer(@Param('issuerId') issuerId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    send(req, reply, await this.metadata.authorizationServer(issuerId));
  }

  @Get(['.well-known/jwt-vc-issuer/issuers/:issuerId', 'issuers/:issuerId/.well-known/jwt-vc-issuer'])
  async jwtVcIssuer(@Param('issuerId') issuerId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    send(req, reply, await this.metadata.jwtVcIssuer(issuerId));
  }

  @Get('issuers/:issuerId/jwks')
  async jwks(@Param('issuerId') issuerId: string, @Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    send(req, reply, await this.metadata.jwks(issuerId), 'application/jwk-set+json');
  }

  @Get('issuers/:issuerId/types/:configId')
  async typeMetadata(
    @Param('issuerId') issuerId: string,
    @Param('configId') configId: string,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const document = await this.metadata.typeMetadata(issuerId, configId);
    if (!document) throw new Oid4vciError('invalid_request', `no SD-JWT VC type ${configId}`, { status: 404 });
    // SD-JWT VC §6.3.1: metadata served with nosniff and a CSP that lets nothing in it execute.
    reply.header('x-content-type-options', 'nosniff').header('content-security-policy', "default-src 'none'");
    send(req, reply, document);
  }
}

/** True when `application/jwt` is acceptable and not ranked below JSON. */
function prefersJwt(accept: string | undefined): boolean {
  const ranks = new Map<string, number>();
  for (const part of (accept ?? '').toLowerCase().split(',')) {
    const [type, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    ranks.set(type!.trim(), q === undefined ? 1 : Number(q));
  }
  const jwt = ranks.get('application/jwt') ?? 0;
  return jwt > 0 && jwt >= (ranks.get('application/json') ?? 0);
}

function send(req: FastifyRequest, reply: FastifyReply, document: PublicDocument, contentType = 'application/json') {
  reply.header('etag', document.etag).header('cache-control', 'public, max-age=60');
  if (req.headers['if-none-match'] === document.etag) {
    reply.status(304).send();
    return;
  }
  reply.header('content-type', contentType).send(document.body);
}
