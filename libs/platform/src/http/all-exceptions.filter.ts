import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../observability/logger';
import { errorResponseFor, type ErrorResponse } from './error-response';

/** The one HTTP error filter: problem+json under /api, OAuth errors elsewhere; 5xx causes are logged. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    sendError(reply, errorResponseFor(request.url, error), this.logger, error, request.id);
  }
}

export function sendError(reply: FastifyReply, response: ErrorResponse, logger: Logger, cause: unknown, requestId: string): void {
  if (response.status >= 500) logger.error({ err: cause, reqId: requestId }, 'request failed');
  if (reply.sent) return;
  // Errors raised before routing never ran the onRequest hook, so the request id is set here too.
  reply
    .status(response.status)
    .headers(response.headers)
    .header('x-request-id', requestId)
    .header('content-type', response.contentType)
    .send(JSON.stringify(response.body));
}
