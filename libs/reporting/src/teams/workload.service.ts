import type { Actor } from '@app/auth';
import { Injectable } from '@nestjs/common';

import { WorkloadRepository, WorkloadTicketRow } from './workload.repository';

export interface WorkloadTicket {
  id: string;
  number: string;
  subject: string;
  status: 'new' | 'open' | 'waiting';
  nextDueAt: Date | null;
  /** 'breached' if a running clock is past due, 'at_risk' if past its warning, else 'ok'. */
  clock: 'ok' | 'at_risk' | 'breached';
}

export interface WorkloadCounts {
  open: number;
  waiting: number;
  atRisk: number;
  breached: number;
}

export interface WorkloadAgent extends WorkloadCounts {
  id: string;
  name: string;
  role: string;
  available: boolean;
  teams: { id: string; name: string }[];
  tickets: WorkloadTicket[];
}

export interface Workload {
  asOf: string;
  teamId: string | null;
  agents: WorkloadAgent[];
  /** Open tickets nobody is assigned (of the team asked, or of every team for supervisors). */
  unassigned: WorkloadCounts & { tickets: WorkloadTicket[] };
}

/** Each ticket's worst clock and the counts an agent's row shows. */
export function countWorkload(
  tickets: readonly WorkloadTicketRow[],
): WorkloadCounts & { tickets: WorkloadTicket[] } {
  const shown = tickets.map((t) => ({
    id: t.id,
    number: t.number,
    subject: t.subject,
    status: t.status,
    nextDueAt: t.nextDueAt,
    clock: (t.breached > 0 ? 'breached' : t.atRisk > 0 ? 'at_risk' : 'ok') as WorkloadTicket['clock'],
  }));
  return {
    open: shown.filter((t) => t.status !== 'waiting').length,
    waiting: shown.filter((t) => t.status === 'waiting').length,
    atRisk: shown.filter((t) => t.clock === 'at_risk').length,
    breached: shown.filter((t) => t.clock === 'breached').length,
    tickets: shown,
  };
}

/**
 * The workload view (issue 19.9): supervisors and admins see everyone (or a team); an agent sees
 * the members of their own teams (only themselves when in no team).
 */
@Injectable()
export class WorkloadService {
  constructor(private readonly repo: WorkloadRepository) {}

  async workload(actor: Actor, teamId?: string, now = new Date()): Promise<Workload> {
    let teams: string[] | null = teamId ? [teamId] : null;
    let onlySelf = false;
    if (actor.role === 'agent') {
      const own = await this.repo.teamsOf(actor.id);
      teams = teamId ? own.filter((t) => t === teamId) : own;
      onlySelf = own.length === 0;
    }
    const agents = onlySelf
      ? (await this.repo.agents(null)).filter((a) => a.id === actor.id)
      : teams && teams.length === 0
        ? []
        : await this.repo.agents(teams);
    const tickets = await this.repo.openTickets(
      agents.map((a) => a.id),
      onlySelf ? [] : teams,
      now,
    );
    return {
      asOf: now.toISOString(),
      teamId: teamId ?? null,
      agents: agents.map((a) => ({
        ...a,
        ...countWorkload(tickets.filter((t) => t.assigneeId === a.id)),
      })),
      unassigned: countWorkload(tickets.filter((t) => t.assigneeId === null)),
    };
  }
}
