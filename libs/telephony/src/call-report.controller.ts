import { Roles } from '@app/auth';
import { SlaRegistry } from '@app/sla';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { CallReportRepository } from './call-report.repository';

export class CallReportQueryDto {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

@ApiTags('telephony')
@Controller('reports/calls')
export class CallReportController {
  constructor(
    private readonly report: CallReportRepository,
    private readonly sla: SlaRegistry,
  ) {}

  @Get()
  @Roles('supervisor', 'admin')
  @ApiOperation({
    summary:
      'Calls per local month: incoming, answered, missed, missed and never called back, outbound, median answer time',
  })
  async year(@Query() query: CallReportQueryDto) {
    const months = await this.report.year(query.year, await this.sla.localZone());
    const sum = (key: 'incoming' | 'answered' | 'missed' | 'missedNotCalledBack' | 'outbound') =>
      months.reduce((s, m) => s + m[key], 0);
    return {
      year: query.year,
      months,
      total: {
        incoming: sum('incoming'),
        answered: sum('answered'),
        missed: sum('missed'),
        missedNotCalledBack: sum('missedNotCalledBack'),
        outbound: sum('outbound'),
      },
    };
  }
}
