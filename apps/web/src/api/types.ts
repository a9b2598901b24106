import type { components } from './schema.gen';

/**
 * The api's shapes as the UI reads them (instants arrive as ISO 8601 strings). Where the OpenAPI
 * document declares a shape (docs/openapi.json, generated into schema.gen.ts) the type is an alias
 * of it; the document declares no response bodies, so those stay written here.
 */
export type Schemas = components['schemas'];

export type Role = Schemas['CreateUserDto']['role'];
export type Channel = 'email' | 'phone' | 'web' | 'monitoring';
export type Status = 'new' | 'open' | 'waiting' | 'resolved' | 'resolved_not_competent' | 'closed';
export type Difficulty = NonNullable<Schemas['UpdateTicketDto']['difficulty']>;

export interface Me {
  id: string;
  name: string;
  role: Role;
  enteIds: string[];
  csrfToken: string | null;
}

export interface Ref {
  id: string;
  name: string;
}

export interface NextClock {
  code: string;
  dueAt: string;
  warnAt: string | null;
  state: 'running' | 'breached';
}

export interface TicketRow {
  id: string;
  number: string;
  channel: Channel;
  status: Status;
  subject: string;
  receivedAt: string;
  updatedAt: string;
  nextDueAt: string | null;
  nextClock: NextClock | null;
  version: number;
  requester: Ref | null;
  ente: Ref | null;
  assignee: Ref | null;
}

export interface TicketPage {
  items: TicketRow[];
  nextCursor: string | null;
}

export interface TimelineEvent {
  id: string;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: Ref | null;
  payload: Record<string, unknown> & {
    via?: string;
    direction?: 'in' | 'out';
    html?: string | null;
    from?: { name?: string; address?: string };
    attachments?: { id?: string; filename: string; size?: number }[];
    code?: string;
    to?: string;
    from_?: string;
  };
  body: string | null;
}

export interface Ticket {
  id: string;
  number: string;
  channel: Channel;
  status: Status;
  subject: string;
  description: string | null;
  malfunction: boolean;
  difficulty: Difficulty | null;
  redirectedTo: string | null;
  receivedAt: string;
  takenInChargeAt: string | null;
  firstAnsweredAt: string | null;
  interventionStartedAt: string | null;
  resolvedAt: string | null;
  nextDueAt: string | null;
  updatedAt: string;
  version: number;
  needsReview: boolean;
  relatedTicketId: string | null;
  requester: { id: string; name: string; email: string | null; phone: string | null } | null;
  ente: { id: string; code: string; name: string } | null;
  category: { id: string; code: string; name: string } | null;
  assignee: Ref | null;
  timeline: TimelineEvent[];
}

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

export interface Ente {
  id: string;
  code: string;
  name: string;
}

export interface Category {
  id: string;
  code: string;
  name: string;
}

export interface Contact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  enteId: string | null;
  enteName: string | null;
}

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
