import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface WorkloadAgentRow {
  id: string;
  name: string;
  role: string;
  available: boolean;
  teams: { id: string; name: string }[];
}

export interface WorkloadTicketRow {
  id: string;
  number: string;
  subject: string;
  status: 'new' | 'open' | 'waiting';
  assigneeId: string | null;
  teamId: string | null;
  nextDueAt: Date | null;
  atRisk: number;
  breached: number;
}

/**
 * The workload view's reads (issue 19.9), on the primary: it is what the supervisor acts on now.
 * A clock is at risk once past its warning instant and breached once past its due instant while it
 * still runs (the sweeper's marks may lag by a minute; the view does not wait for them).
 */
@Injectable()
export class WorkloadRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Active staff who work tickets (agents, supervisors), optionally members of some teams only. */
  agents(teamIds: string[] | null): Promise<WorkloadAgentRow[]> {
    return this.dataSource.query<WorkloadAgentRow[]>(
      `SELECT u.id, u.name, u.role, u.available,
              COALESCE((SELECT json_agg(json_build_object('id', tm.id, 'name', tm.name) ORDER BY lower(tm.name))
                          FROM team_member m JOIN team tm ON tm.id = m.team_id WHERE m.user_id = u.id), '[]') AS teams
         FROM app_user u
        WHERE u.active AND u.role IN ('agent', 'supervisor')
          AND ($1::uuid[] IS NULL OR u.id IN (SELECT user_id FROM team_member WHERE team_id = ANY($1::uuid[])))
        ORDER BY lower(u.name)`,
      [teamIds],
    );
  }

  /** The teams a user belongs to. */
  async teamsOf(userId: string): Promise<string[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `SELECT team_id AS id FROM team_member WHERE user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.id);
  }

  /** Open tickets (not merged) of these assignees, or unassigned ones of these teams, nearest due first. */
  openTickets(
    assigneeIds: string[],
    unassignedOfTeams: string[] | null,
    now: Date,
  ): Promise<WorkloadTicketRow[]> {
    return this.dataSource.query<WorkloadTicketRow[]>(
      `SELECT t.id, t.number, t.subject, t.status, t.assignee_id AS "assigneeId", t.team_id AS "teamId",
              t.next_due_at AS "nextDueAt",
              (SELECT count(*) FROM sla_clock c WHERE c.ticket_id = t.id AND c.stopped_at IS NULL
                  AND c.state = 'running' AND c.warn_at <= $3 AND c.due_at > $3)::int AS "atRisk",
              (SELECT count(*) FROM sla_clock c WHERE c.ticket_id = t.id AND c.stopped_at IS NULL
                  AND (c.state = 'breached' OR (c.state = 'running' AND c.due_at <= $3)))::int AS breached
         FROM ticket t
        WHERE t.status IN ('new', 'open', 'waiting') AND t.merged_into_id IS NULL
          AND (t.assignee_id = ANY($1::uuid[])
               OR (t.assignee_id IS NULL AND ($2::uuid[] IS NULL OR t.team_id = ANY($2::uuid[]))))
        ORDER BY t.next_due_at NULLS LAST, t.number`,
      [assigneeIds, unassignedOfTeams, now],
    );
  }
}
