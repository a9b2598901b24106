import { ClockSummaryResponse } from '@app/sla';
import { ApiProperty } from '@nestjs/swagger';

import {
  TICKET_CHANNELS,
  TICKET_DIFFICULTIES,
  TICKET_STATUSES,
  TicketChannel,
  TicketDifficulty,
  TicketStatus,
} from '../entities';

/** A named reference (requester, ente, assignee, actor). */
export class RefResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;
}

export class CodedRefResponse extends RefResponse {
  @ApiProperty({ example: 'C001' })
  code: string;
}

export class RequesterResponse extends RefResponse {
  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone: string | null;
}

/** The clock the queue counts down: the nearest one still ticking. */
export class NextClockResponse {
  @ApiProperty({ example: 'SLA.7' })
  code: string;

  @ApiProperty({ type: String, format: 'date-time' })
  dueAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  warnAt: Date | null;

  @ApiProperty({ enum: ['running', 'breached'] })
  state: 'running' | 'breached';
}

/** What the queue's row and the ticket page both show of a ticket. */
class TicketCoreResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: '2026-000123' })
  number: string;

  @ApiProperty({ enum: TICKET_CHANNELS })
  channel: TicketChannel;

  @ApiProperty({ enum: TICKET_STATUSES })
  status: TicketStatus;

  @ApiProperty()
  subject: string;

  @ApiProperty()
  malfunction: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  receivedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextDueAt: Date | null;

  @ApiProperty({ description: 'Send it back with a change: a stale version is refused with 409' })
  version: number;

  @ApiProperty({ type: () => RefResponse, nullable: true })
  assignee: RefResponse | null;
}

/** A ticket as the queue lists it. */
export class TicketRowResponse extends TicketCoreResponse {
  @ApiProperty({ type: () => NextClockResponse, nullable: true })
  nextClock: NextClockResponse | null;

  @ApiProperty({ type: () => RefResponse, nullable: true })
  requester: RefResponse | null;

  @ApiProperty({ type: () => RefResponse, nullable: true })
  ente: RefResponse | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  categoryId: string | null;

  @ApiProperty({ type: String, nullable: true, enum: TICKET_DIFFICULTIES })
  difficulty: string | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Il team del ticket (mai ai referenti) / The ticket’s team (never shown to referents)',
  })
  teamId: string | null;

  @ApiProperty({
    type: [String],
    example: ['pec'],
    description: 'Le etichette del ticket (mai ai referenti) / The ticket’s tags (never shown to referents)',
  })
  tags: string[];
}

export class TicketPageResponse {
  @ApiProperty({ type: () => [TicketRowResponse] })
  items: TicketRowResponse[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last',
  })
  nextCursor: string | null;
}

/** One entry of the ticket's timeline; its payload's shape depends on its type. */
export class TimelineEventResponse {
  @ApiProperty({ example: '1042' })
  id: string;

  @ApiProperty({ example: 'reply_sent' })
  type: string;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  recordedAt: Date;

  @ApiProperty({ type: () => RefResponse, nullable: true })
  actor: RefResponse | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;

  @ApiProperty({ type: String, nullable: true })
  body: string | null;
}

/** A ticket with its timeline and its SLA clocks (the ticket page; every action answers it). */
export class TicketDetailResponse extends TicketCoreResponse {
  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty({ type: String, nullable: true, enum: TICKET_DIFFICULTIES })
  difficulty: TicketDifficulty | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Who the request was redirected to (not competent)',
  })
  redirectedTo: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  takenInChargeAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  firstAnsweredAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  interventionStartedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ description: 'Flagged for a person to check (a bulk or ambiguous mail)' })
  needsReview: boolean;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  relatedTicketId: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'Blocco legale: perché il ticket è escluso da conservazione e cancellazione (null se non lo è; mai mostrato ai referenti) / Legal hold: why the ticket is kept out of retention and erasure (null when it is not; never shown to referents)',
  })
  legalHold: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description:
      'Quando i dati personali del ticket sono stati resi anonimi / When the ticket’s personal data were anonymised',
  })
  anonymisedAt: Date | null;

  @ApiProperty({ type: () => RequesterResponse, nullable: true })
  requester: RequesterResponse | null;

  @ApiProperty({ type: () => CodedRefResponse, nullable: true })
  ente: CodedRefResponse | null;

  @ApiProperty({ type: () => CodedRefResponse, nullable: true })
  category: CodedRefResponse | null;

  @ApiProperty({
    type: () => CodedRefResponse,
    nullable: true,
    description: 'Il team del ticket (mai ai referenti) / The ticket’s team (never shown to referents)',
  })
  team: CodedRefResponse | null;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description:
      'Il ticket in cui questo duplicato è stato unito / The ticket this duplicate was merged into',
  })
  mergedIntoId: string | null;

  @ApiProperty({
    type: [String],
    example: ['pec'],
    description: 'Le etichette del ticket (mai ai referenti) / The ticket’s tags (never shown to referents)',
  })
  tags: string[];

  @ApiProperty({ type: () => [TimelineEventResponse] })
  timeline: TimelineEventResponse[];

  @ApiProperty({ type: () => [ClockSummaryResponse] })
  sla: ClockSummaryResponse[];
}
