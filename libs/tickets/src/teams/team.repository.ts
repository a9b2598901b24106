import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface TeamMemberRow {
  userId: string;
  name: string;
  role: string;
  lead: boolean;
  available: boolean;
}

export interface TeamRow {
  id: string;
  code: string;
  name: string;
  calendarCode: string | null;
  active: boolean;
  createdAt: Date;
  members: TeamMemberRow[];
}

const TEAM_SELECT = `SELECT t.id, t.code, t.name, t.calendar_code AS "calendarCode", t.active, t.created_at AS "createdAt",
    COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'name', u.name, 'role', u.role, 'lead', m.lead,
                                                'available', u.available) ORDER BY lower(u.name))
                FROM team_member m JOIN app_user u ON u.id = m.user_id WHERE m.team_id = t.id), '[]') AS members
  FROM team t`;

/** The only reader and writer of `team`, `team_member` (round-robin marks too) and the agents' availability (issue 19). */
@Injectable()
export class TeamRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  list(): Promise<TeamRow[]> {
    return this.dataSource.query<TeamRow[]>(`${TEAM_SELECT} ORDER BY t.active DESC, lower(t.name)`);
  }

  find(id: string, em?: EntityManager): Promise<TeamRow | undefined> {
    return (em ?? this.dataSource).query<TeamRow[]>(`${TEAM_SELECT} WHERE t.id = $1`, [id]).then((r) => r[0]);
  }

  /** The teams a user is a member of. */
  ofUser(userId: string): Promise<TeamRow[]> {
    return this.dataSource.query<TeamRow[]>(
      `${TEAM_SELECT} WHERE t.id IN (SELECT team_id FROM team_member WHERE user_id = $1) ORDER BY lower(t.name)`,
      [userId],
    );
  }

  async codeTaken(em: EntityManager, code: string, exceptId: string | null): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM team WHERE lower(code) = lower($1) AND ($2::uuid IS NULL OR id <> $2::uuid)`,
      [code, exceptId],
    );
    return rows.length > 0;
  }

  async calendarExists(em: EntityManager, code: string): Promise<boolean> {
    const rows = await em.query<{ code: string }[]>(`SELECT code FROM business_calendar WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }

  async insert(
    em: EntityManager,
    team: { code: string; name: string; calendarCode: string | null },
  ): Promise<string> {
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO team (code, name, calendar_code) VALUES ($1, $2, $3) RETURNING id`,
      [team.code, team.name, team.calendarCode],
    );
    return row.id;
  }

  async update(
    em: EntityManager,
    id: string,
    fields: { name?: string; calendarCode?: string | null; active?: boolean },
  ): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(
      `WITH done AS (
         UPDATE team SET name = COALESCE($2, name),
                calendar_code = CASE WHEN $3::boolean THEN $4 ELSE calendar_code END,
                active = COALESCE($5, active)
          WHERE id = $1 RETURNING id)
       SELECT id FROM done`,
      [
        id,
        fields.name ?? null,
        fields.calendarCode !== undefined,
        fields.calendarCode ?? null,
        fields.active ?? null,
      ],
    );
    return rows.length > 0;
  }

  /** Staff among these ids (referents cannot be team members). */
  async staffIds(em: EntityManager, userIds: string[]): Promise<string[]> {
    const rows = await em.query<{ id: string }[]>(
      `SELECT id FROM app_user WHERE id = ANY($1::uuid[]) AND role <> 'ente_referent' AND active`,
      [userIds],
    );
    return rows.map((r) => r.id);
  }

  /** Replaces the member list; members who stay keep their round-robin position. */
  async setMembers(
    em: EntityManager,
    teamId: string,
    members: { userId: string; lead: boolean }[],
  ): Promise<void> {
    await em.query<unknown>(
      `DELETE FROM team_member WHERE team_id = $1 AND NOT (user_id = ANY($2::uuid[]))`,
      [teamId, members.map((m) => m.userId)],
    );
    await em.query<unknown>(
      `INSERT INTO team_member (team_id, user_id, lead)
       SELECT $1, u, l FROM unnest($2::uuid[], $3::boolean[]) AS x(u, l)
       ON CONFLICT (team_id, user_id) DO UPDATE SET lead = EXCLUDED.lead`,
      [teamId, members.map((m) => m.userId), members.map((m) => m.lead)],
    );
  }

  async isLead(teamId: string, userId: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ lead: boolean }[]>(
      `SELECT lead FROM team_member WHERE team_id = $1 AND user_id = $2`,
      [teamId, userId],
    );
    return rows[0]?.lead ?? false;
  }

  /** A staff member's availability; undefined for a referent or nobody. */
  async availability(userId: string): Promise<boolean | undefined> {
    const rows = await this.dataSource.query<{ available: boolean }[]>(
      `SELECT available FROM app_user WHERE id = $1 AND role <> 'ente_referent'`,
      [userId],
    );
    return rows[0]?.available;
  }

  async setAvailable(userId: string, available: boolean): Promise<boolean> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH done AS (UPDATE app_user SET available = $2 WHERE id = $1 AND role <> 'ente_referent' RETURNING id)
       SELECT id FROM done`,
      [userId, available],
    );
    return rows.length > 0;
  }

  /**
   * Round-robin routing (issue 19.2): the team's member rows are locked first, so concurrent
   * routings to one team queue here; then the available member routed to longest ago (never
   * first) is picked and marked. Marks are strictly increasing, so picks within one transaction
   * (a mail batch) spread too. Null when nobody of the team is available.
   */
  async nextRoundRobin(em: EntityManager, teamId: string, now: Date): Promise<string | null> {
    await em.query<unknown[]>(
      `SELECT user_id FROM team_member WHERE team_id = $1 ORDER BY user_id FOR UPDATE`,
      [teamId],
    );
    const rows = await em.query<{ user_id: string }[]>(
      `WITH pick AS (
         SELECT m.user_id FROM team_member m JOIN app_user u ON u.id = m.user_id
          WHERE m.team_id = $1 AND u.available AND u.active AND u.role <> 'ente_referent'
          ORDER BY m.last_routed_at ASC NULLS FIRST, m.created_at, lower(u.name), m.user_id LIMIT 1),
       done AS (
         UPDATE team_member m
            SET last_routed_at = GREATEST($2::timestamptz,
                  (SELECT max(last_routed_at) FROM team_member WHERE team_id = $1) + interval '1 millisecond')
           FROM pick WHERE m.team_id = $1 AND m.user_id = pick.user_id RETURNING m.user_id)
       SELECT user_id FROM done`,
      [teamId, now],
    );
    return rows[0]?.user_id ?? null;
  }

  async exists(em: EntityManager, teamId: string): Promise<boolean> {
    const rows = await em.query<{ id: string }[]>(`SELECT id FROM team WHERE id = $1 AND active`, [teamId]);
    return rows.length > 0;
  }
}
