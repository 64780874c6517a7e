import { Body, Controller, Get, HttpCode, Inject, Post, Put, UsePipes } from '@nestjs/common';
import {
  RetentionConfigGet,
  RetentionConfigPut,
  retentionConfigSchema,
  RetentionRunsList,
  RetentionRunStart,
  retentionRunRequestSchema,
  type RetentionConfig,
  type RetentionRun,
  type RetentionRunRequest,
} from '@issuer/contracts';
import { BUS, type Bus } from '@issuer/platform';
import { SafeInputPipe } from '../common/safe-input.pipe';
import { SchemaPipe } from '../common/schema.pipe';

/** A run deletes at most maxDeletePerRun sessions in batches; give it time before the edge gives up. */
const RUN_TIMEOUT_MS = 120_000;

/** Data retention (API.md §9), served by the data-retention service over the bus. */
@Controller('api/v1/retention')
@UsePipes(new SafeInputPipe())
export class RetentionController {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  @Get()
  config(): Promise<RetentionConfig> {
    return this.bus.request(RetentionConfigGet, {});
  }

  @Put()
  update(@Body(new SchemaPipe(retentionConfigSchema)) body: RetentionConfig): Promise<RetentionConfig> {
    return this.bus.request(RetentionConfigPut, body);
  }

  @Post('runs')
  @HttpCode(200)
  run(@Body(new SchemaPipe(retentionRunRequestSchema.optional())) body: RetentionRunRequest | undefined): Promise<RetentionRun> {
    // No body: the dry-run setting of the configuration applies.
    return this.bus.request(RetentionRunStart, body ?? {}, { timeoutMs: RUN_TIMEOUT_MS });
  }

  @Get('runs')
  runs(): Promise<{ items: RetentionRun[] }> {
    return this.bus.request(RetentionRunsList, {});
  }
}
