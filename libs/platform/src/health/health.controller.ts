import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { metricsRegistry } from '../observability/metrics';
import { HealthRegistry } from './health-registry';

/** `/health/live`, `/health/ready` (every database and the bus) and `/metrics` on every service. */
@Controller()
export class HealthController {
  constructor(@Inject(HealthRegistry) private readonly health: HealthRegistry) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  async ready(@Res() reply: FastifyReply) {
    const result = await this.health.run();
    reply.status(result.ok ? 200 : 503).send({ status: result.ok ? 'ok' : 'unavailable', checks: result.checks });
  }

  @Get('metrics')
  async metrics(@Res() reply: FastifyReply) {
    reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  }
}
