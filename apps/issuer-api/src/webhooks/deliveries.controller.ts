import { Controller, Get, HttpCode, Inject, Param, Post, UsePipes } from '@nestjs/common';
import { NotificationsDeliveriesList, NotificationsDeliveryRedeliver, type DeliveryDto } from '@issuer/contracts';
import { AppError, BUS, type Bus } from '@issuer/platform';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SessionAdminRepository } from '../sessions/session-admin.repository';

/** The webhook delivery log of a session and the redeliver action (API.md §10), served by notifications. */
@Controller('api/v1/issuers/:issuerId/sessions/:sessionId/deliveries')
@UsePipes(new SafeInputPipe())
export class DeliveriesController {
  constructor(
    @Inject(BUS) private readonly bus: Bus,
    @Inject(SessionAdminRepository) private readonly sessions: SessionAdminRepository,
  ) {}

  @Get()
  async list(@Param('issuerId') issuerId: string, @Param('sessionId') sessionId: string): Promise<{ items: DeliveryDto[] }> {
    await this.requireSession(issuerId, sessionId);
    return this.bus.request(NotificationsDeliveriesList, { issuerId, sessionId });
  }

  @Post(':eventId/redeliver')
  @HttpCode(202)
  async redeliver(
    @Param('issuerId') issuerId: string,
    @Param('sessionId') sessionId: string,
    @Param('eventId') eventId: string,
  ): Promise<{ eventId: string; status: 'PENDING' }> {
    await this.requireSession(issuerId, sessionId);
    await this.bus.request(NotificationsDeliveryRedeliver, { issuerId, sessionId, eventId });
    return { eventId, status: 'PENDING' };
  }

  private async requireSession(issuerId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.exists(issuerId, sessionId))) throw AppError.notFound(`session ${sessionId}`);
  }
}
