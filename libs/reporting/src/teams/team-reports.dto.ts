import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

import { SlaReportQueryDto } from '../reports.dto';

export class PerformanceQueryDto extends SlaReportQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Solo i ticket di questo team / Only this team’s tickets',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class WorkloadQueryDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Solo i membri di questo team / Only this team’s members',
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class TimeFiguresResponse {
  @ApiProperty({ description: 'Ticket con il tempo fermato / Tickets whose clock stopped' })
  count: number;

  @ApiProperty({ type: Number, nullable: true, description: 'Minuti lavorativi / Business minutes' })
  medianMinutes: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'Minuti lavorativi / Business minutes' })
  p95Minutes: number | null;
}

export class PerformanceLineResponse {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '2026-11',
    description: 'null: tutto il periodo / the whole period',
  })
  month: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'null: nessun team / non assegnati',
  })
  id: string | null;

  @ApiProperty()
  name: string;

  @ApiProperty()
  handled: number;

  @ApiProperty()
  resolved: number;

  @ApiProperty({ type: Number, nullable: true, example: 87.5 })
  resolvedPct: number | null;

  @ApiProperty({ type: TimeFiguresResponse })
  takeCharge: TimeFiguresResponse;

  @ApiProperty({ type: TimeFiguresResponse })
  answer: TimeFiguresResponse;

  @ApiProperty({ description: 'Tempi SLA violati / Breached SLA clocks' })
  breaches: number;

  @ApiProperty({
    description:
      'Team: passaggi verso il team; operatore: passaggi fatti / Team: moved into it; agent: moves made',
  })
  escalationsIn: number;

  @ApiProperty({ description: 'Team: passaggi verso altri team / Team: moved out of it' })
  escalationsOut: number;
}

export class ReportNoteResponse {
  @ApiProperty({ enum: ['mergedExcluded'] })
  code: 'mergedExcluded';

  @ApiProperty()
  count: number;

  @ApiProperty()
  it: string;

  @ApiProperty()
  en: string;
}

export class PerformanceReportResponse {
  @ApiProperty({ example: '2026-01-01' })
  from: string;

  @ApiProperty({ example: '2026-12-31' })
  to: string;

  @ApiProperty({ enum: ['team', 'agent'] })
  by: 'team' | 'agent';

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  teamId: string | null;

  @ApiProperty({ type: [PerformanceLineResponse], description: 'Per mese / per month' })
  rows: PerformanceLineResponse[];

  @ApiProperty({ type: [PerformanceLineResponse], description: 'Tutto il periodo / the whole period' })
  totals: PerformanceLineResponse[];

  @ApiProperty({ type: [ReportNoteResponse] })
  notes: ReportNoteResponse[];
}

export class WorkloadTicketResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  number: string;

  @ApiProperty()
  subject: string;

  @ApiProperty({ enum: ['new', 'open', 'waiting'] })
  status: 'new' | 'open' | 'waiting';

  @ApiProperty({ type: Date, nullable: true })
  nextDueAt: Date | null;

  @ApiProperty({ enum: ['ok', 'at_risk', 'breached'] })
  clock: 'ok' | 'at_risk' | 'breached';
}

export class WorkloadCountsResponse {
  @ApiProperty({ description: 'Nuovi e aperti / New and open' })
  open: number;

  @ApiProperty()
  waiting: number;

  @ApiProperty()
  atRisk: number;

  @ApiProperty()
  breached: number;

  @ApiProperty({ type: [WorkloadTicketResponse] })
  tickets: WorkloadTicketResponse[];
}

export class WorkloadTeamRef {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class WorkloadAgentResponse extends WorkloadCountsResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ['agent', 'supervisor'] })
  role: string;

  @ApiProperty({ description: 'Assente: saltato dal round-robin / Absent: skipped by round-robin' })
  available: boolean;

  @ApiProperty({ type: [WorkloadTeamRef] })
  teams: WorkloadTeamRef[];
}

export class WorkloadResponse {
  @ApiProperty()
  asOf: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  teamId: string | null;

  @ApiProperty({ type: [WorkloadAgentResponse] })
  agents: WorkloadAgentResponse[];

  @ApiProperty({ type: WorkloadCountsResponse })
  unassigned: WorkloadCountsResponse;
}
