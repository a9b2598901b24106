import type { components } from './schema.gen';

/**
 * The api's shapes as the UI reads them (instants arrive as ISO 8601 strings). Where the OpenAPI
 * document declares a shape (docs/openapi.json, generated into schema.gen.ts) the type is an alias
 * of it; the responses it does not declare yet stay written here.
 */
export type Schemas = components['schemas'];

export type Role = Schemas['CreateUserDto']['role'];
export type Channel = 'email' | 'phone' | 'web' | 'monitoring';
export type Status = 'new' | 'open' | 'waiting' | 'resolved' | 'resolved_not_competent' | 'closed';
export type Difficulty = NonNullable<Schemas['UpdateTicketDto']['difficulty']>;

export type Me = Schemas['MeResponse'];

export interface Ref {
  id: string;
  name: string;
}

export type NextClock = Schemas['NextClockResponse'];

/** A ticket as the queue lists it (GET /api/tickets). */
export type TicketRow = Schemas['TicketRowResponse'];

export type TicketPage = Schemas['TicketPageResponse'];

/** The payload fields the timeline reads; the document declares the payload as an open object. */
export interface TimelinePayload extends Record<string, unknown> {
  via?: string;
  direction?: 'in' | 'out';
  html?: string | null;
  from?: { name?: string; address?: string };
  attachments?: { id?: string; filename: string; size?: number }[];
  code?: string;
  to?: string;
  from_?: string;
}

export type TimelineEvent = Omit<Schemas['TimelineEventResponse'], 'payload'> & { payload: TimelinePayload };

/** A ticket with its timeline and SLA clocks (GET /api/tickets/:id and every action's answer). */
export type Ticket = Omit<Schemas['TicketDetailResponse'], 'timeline'> & { timeline: TimelineEvent[] };

export interface ClockView {
  code: string;
  title: string;
  titleEn: string;
  cycle: number;
  state: 'running' | 'paused' | 'met' | 'breached' | 'cancelled';
  dueAt: string | null;
  warnAt: string | null;
  startedAt: string;
  stoppedAt: string | null;
  breachedAt: string | null;
  remainingMinutes: number | null;
  elapsedMinutes: number;
}

/** What the UI reads of an ente (outages carry only these fields of theirs). */
export type Ente = Pick<Schemas['EnteResponse'], 'id' | 'code' | 'name'>;

export type Category = Pick<Schemas['CategoryResponse'], 'id' | 'code' | 'name'>;

export type Contact = Schemas['ContactMatchResponse'];

export interface Attachment {
  id: string;
  filename: string;
  contentType?: string;
  size?: number;
}

export interface Viewer {
  id: string;
  name: string;
  composing: boolean;
  seenAt: string;
}

export type OutageStatus = 'ongoing' | 'scheduled' | 'ended';
export type NoticeKind = Schemas['NotifyOutageDto']['kind'];
/** not_applicable: planned (SLA.9) or not down long enough (SLA.10); waiting: no intervention yet. */
export type OutageClockState = 'not_applicable' | 'waiting' | 'running' | 'met' | 'breached';

export interface OutageClock {
  code: 'SLA.9' | 'SLA.10';
  kind: NoticeKind;
  state: OutageClockState;
  dueAt: string | null;
  /** The first notice of this kind, which stopped the clock. */
  sentAt: string | null;
  minutes: number | null;
  /** SLA.9: a notice went out but reached nobody (no address for those entes): not delivered. */
  undelivered?: boolean;
}

/** An outage as GET /api/outages lists it. */
export interface OutageSummary {
  id: string;
  title: string;
  services: string[];
  startedAt: string;
  interventionStartedAt: string | null;
  endedAt: string | null;
  cause: string;
  planned: boolean;
  publicMessage: string;
  problemId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  entes: Ente[];
  status: OutageStatus;
  durationMinutes: number | null;
  clocks: OutageClock[];
}

export interface OutageNotice {
  id: string;
  kind: NoticeKind;
  sentAt: string;
  dueAt: string | null;
  subject: string;
  message: string;
  published: boolean;
  /** How many addresses it was e-mailed to. */
  recipients: number;
  /** Who recorded it. */
  sentBy: { id: string; name: string } | null;
}

/** GET /api/outages/:id: the summary with its tickets, monitoring alerts and notices. */
export interface Outage extends OutageSummary {
  tickets: { id: string; number: string; subject: string; status: Status; channel: Channel }[];
  alerts: {
    id: number;
    occurredAt: string;
    host: string;
    service: string | null;
    state: string;
    stateType: string;
    output: string;
  }[];
  notices: OutageNotice[];
}

/** A call on the phone line as /api/events carries it (issue 24). */
export interface LiveCall {
  id: string;
  callId: string;
  direction: 'in' | 'out';
  from: string | null;
  to: string | null;
  caller: string | null;
  status: 'ringing' | 'talking' | 'answered' | 'missed';
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  answeredBy: string | null;
  ticketId: string | null;
  contact: Contact | null;
  openTickets: { id: string; number: string; subject: string; status: string; receivedAt: string }[];
}
