import { ApiProperty } from '@nestjs/swagger';

const CLOCK_STATES = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;

/** One SLA clock as the ticket page shows it (SlaReadService.summary). */
export class ClockSummaryResponse {
  @ApiProperty({ example: 'SLA.6' })
  code: string;

  @ApiProperty({ example: 'Presa in carico' })
  title: string;

  @ApiProperty({ description: 'A clock restarts (a new cycle) when the ticket is reopened' })
  cycle: number;

  @ApiProperty({ enum: CLOCK_STATES })
  state: (typeof CLOCK_STATES)[number];

  @ApiProperty({ description: 'Running and past its warning instant' })
  atRisk: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  dueAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  stoppedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  breachedAt: Date | null;

  @ApiProperty({
    description: 'Business minutes, or next_business_day; null without a target',
    oneOf: [
      { type: 'number', nullable: true },
      { type: 'string', enum: ['next_business_day'] },
    ],
  })
  target: number | 'next_business_day' | null;

  @ApiProperty({ example: 'cst', description: 'The business calendar the clock counts in' })
  calendar: string;

  @ApiProperty({ description: 'Business minutes counted so far, pauses excluded' })
  elapsedMinutes: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Business minutes left (negative: overdue); null once stopped',
  })
  remainingMinutes: number | null;
}
