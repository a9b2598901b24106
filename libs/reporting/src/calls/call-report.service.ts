import { SlaRegistry } from '@app/sla';
import { CallMonth, CallReportRepository } from '@app/telephony';
import { Injectable } from '@nestjs/common';

type CallCount = 'incoming' | 'answered' | 'missed' | 'missedNotCalledBack' | 'outbound';

export interface CallReport {
  year: number;
  months: CallMonth[];
  total: Record<CallCount, number>;
}

/** The phone line's calls per local month of a year (issue 24.6), with the year's totals. */
@Injectable()
export class CallReportService {
  constructor(
    private readonly calls: CallReportRepository,
    private readonly sla: SlaRegistry,
  ) {}

  async year(year: number): Promise<CallReport> {
    const months = await this.calls.year(year, await this.sla.localZone());
    const sum = (key: CallCount) => months.reduce((s, m) => s + m[key], 0);
    return {
      year,
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
