import { Roles, TokenScope } from '@app/auth';
import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { MetricsService } from './metrics.service';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** The same text as the loopback METRICS_PORT, for a Prometheus that scrapes through the load balancer. */
  @Get()
  @Roles('admin')
  @TokenScope('metrics')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({
    summary: "This api process's Prometheus metrics (admins, or an API token with the metrics scope)",
  })
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.contentType()).send(await this.metrics.text());
  }
}
