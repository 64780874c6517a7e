import { Body, Controller, Get, HttpCode, Inject, Post, Put, UseGuards, UsePipes } from '@nestjs/common';
import {
  RetentionConfigGet,
  RetentionConfigPut,
  retentionConfigSchema,
  RetentionRunsList,
  RetentionRunStart,
  retentionRunRequestSchema,
  type RetentionConfig,
  type RetentionRun,
} from '@issuer/contracts';
import { BUS, parseOrThrow, type Bus } from '@issuer/platform';
import { AdminAuthGuard } from '../common/admin-auth.guard';
import { SafeInputPipe } from '../common/safe-input.pipe';

/** A run deletes at most maxDeletePerRun sessions in batches; give it time before the edge gives up. */
const RUN_TIMEOUT_MS = 120_000;

/** Data retention (API.md §9), served by the data-retention service over the bus. */
@Controller('api/v1/retention')
@UsePipes(new SafeInputPipe())
@UseGuards(AdminAuthGuard)
export class RetentionController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get()
  config(): Promise<RetentionConfig> {
    return this.bus.request(RetentionConfigGet, {});
  }

  @Put()
  update(@Body() body: unknown): Promise<RetentionConfig> {
    return this.bus.request(RetentionConfigPut, parseOrThrow(retentionConfigSchema, body));
  }

  @Post('runs')
  @HttpCode(200)
  run(@Body() body: unknown): Promise<RetentionRun> {
    return this.bus.request(RetentionRunStart, parseOrThrow(retentionRunRequestSchema, body ?? {}), { timeoutMs: RUN_TIMEOUT_MS });
  }

  @Get('runs')
  runs(): Promise<{ items: RetentionRun[] }> {
    return this.bus.request(RetentionRunsList, {});
  }
}
