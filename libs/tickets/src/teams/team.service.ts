import { AuditService } from '@app/auth';
import { ForbiddenError, NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { TeamRepository, TeamRow } from './team.repository';

/** Teams and their members (issue 19.1): admins manage them; every change is audited. */
@Injectable()
export class TeamService {
  constructor(
    private readonly teams: TeamRepository,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<TeamRow[]> {
    return this.teams.list();
  }

  ofUser(userId: string): Promise<TeamRow[]> {
    return this.teams.ofUser(userId);
  }

  async get(id: string): Promise<TeamRow> {
    const team = await this.teams.find(id);
    if (!team) throw new NotFoundError('Team', id);
    return team;
  }

  async create(
    dto: { code: string; name: string; calendarCode?: string | null },
    actorId: string,
  ): Promise<TeamRow> {
    const id = await this.teams.transaction(async (em) => {
      if (await this.teams.codeTaken(em, dto.code, null)) {
        throw new ValidationError([
          { field: 'code', reason: 'codice già usato / code already used', code: 'taken' },
        ]);
      }
      await this.checkCalendar(em, dto.calendarCode);
      const created = await this.teams.insert(em, {
        code: dto.code,
        name: dto.name.trim(),
        calendarCode: dto.calendarCode ?? null,
      });
      await this.audit.record(
        {
          actorId,
          action: 'team_created',
          targetType: 'team',
          targetId: created,
          details: { code: dto.code },
        },
        em,
      );
      return created;
    });
    return this.get(id);
  }

  async update(
    id: string,
    dto: { name?: string; calendarCode?: string | null; active?: boolean },
    actorId: string,
  ): Promise<TeamRow> {
    await this.teams.transaction(async (em) => {
      await this.checkCalendar(em, dto.calendarCode);
      if (!(await this.teams.update(em, id, { ...dto, name: dto.name?.trim() })))
        throw new NotFoundError('Team', id);
      await this.audit.record(
        {
          actorId,
          action: 'team_updated',
          targetType: 'team',
          targetId: id,
          details: { fields: Object.keys(dto) },
        },
        em,
      );
    });
    return this.get(id);
  }

  async setMembers(
    id: string,
    members: { userId: string; lead?: boolean }[],
    actorId: string,
  ): Promise<TeamRow> {
    await this.teams.transaction(async (em) => {
      if (!(await this.teams.find(id, em))) throw new NotFoundError('Team', id);
      const ids = [...new Set(members.map((m) => m.userId))];
      const staff = new Set(await this.teams.staffIds(em, ids));
      const problems = members
        .map((m, i) => ({ m, i }))
        .filter(({ m }) => !staff.has(m.userId))
        .map(({ i }) => ({
          field: `members[${i}].userId`,
          reason: 'non è un operatore attivo / not an active staff member',
          code: 'notStaff',
        }));
      if (problems.length > 0) throw new ValidationError(problems);
      const unique = new Map(members.map((m) => [m.userId, m.lead ?? false]));
      await this.teams.setMembers(
        em,
        id,
        [...unique].map(([userId, lead]) => ({ userId, lead })),
      );
      await this.audit.record(
        {
          actorId,
          action: 'team_members_set',
          targetType: 'team',
          targetId: id,
          details: { members: unique.size },
        },
        em,
      );
    });
    return this.get(id);
  }

  /** Whether a staff member is present: oneself, or anyone for supervisors and admins. */
  async availability(
    userId: string,
    actor: { id: string; role: string },
  ): Promise<{ userId: string; available: boolean }> {
    // Nobody first (404), then someone else's (403): staff already see every colleague's id in /api/users.
    const available = await this.teams.availability(userId);
    if (available === undefined) throw new NotFoundError('Operatore / Staff member', userId);
    this.assertMayManage(userId, actor);
    return { userId, available };
  }

  /** Absent or back: staff set their own; supervisors and admins anyone's. */
  async setAvailable(
    userId: string,
    available: boolean,
    actor: { id: string; role: string },
  ): Promise<{ userId: string; available: boolean }> {
    this.assertMayManage(userId, actor);
    if (!(await this.teams.setAvailable(userId, available)))
      throw new NotFoundError('Operatore / Staff member', userId);
    await this.audit.record({
      actorId: actor.id,
      action: available ? 'staff_available' : 'staff_absent',
      targetType: 'user',
      targetId: userId,
    });
    return { userId, available };
  }

  private assertMayManage(userId: string, actor: { id: string; role: string }): void {
    if (actor.id !== userId && actor.role !== 'supervisor' && actor.role !== 'admin') {
      throw new ForbiddenError('Solo per sé, o da un supervisore / Only for oneself, or by a supervisor');
    }
  }

  private async checkCalendar(em: EntityManager, code: string | null | undefined) {
    if (code && !(await this.teams.calendarExists(em, code))) {
      throw new ValidationError([
        { field: 'calendarCode', reason: 'calendario inesistente / no such calendar', code: 'unknown' },
      ]);
    }
  }
}
