import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { put } from '../api/client';
import { useStaff } from '../api/queries/reference.queries';
import { type Team, teamKeys } from '../api/queries/teams.queries';
import { TeamError } from './TeamError';

/**
 * A team's members and leads (admins): every staff member ticked in or out, a lead marked among
 * them; saved at once as the whole list (PUT), which the api audits. A member the api refuses
 * (deactivated meanwhile) is named in the error by their name, not by the api's index.
 */
export function MembersEditor({ team, onDone }: { team: Team; onDone(message: string | null): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const staff = useStaff();
  const [chosen, setChosen] = useState<Map<string, boolean>>(
    () => new Map(team.members.map((m) => [m.userId, m.lead])),
  );
  const heading = `team-members-${team.id}`;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  const people = (staff.data ?? []).filter((u) => u.role !== 'ente_referent');
  const members = [...chosen].map(([userId, lead]) => ({ userId, lead }));
  const save = useMutation({
    mutationFn: () => put<Team>(`/api/teams/${team.id}/members`, { members }),
    onSuccess: (saved) => onDone(t('teamsX.membersSaved', { name: saved.name })),
    onSettled: () => client.invalidateQueries({ queryKey: teamKeys.all() }),
  });
  const nameOf = (field: string) => {
    const index = /^members\[(\d+)\]/.exec(field)?.[1];
    const userId = index === undefined ? undefined : members[Number(index)]?.userId;
    return people.find((p) => p.id === userId)?.name ?? null;
  };
  const toggle = (id: string, member: boolean) =>
    setChosen((current) => {
      const next = new Map(current);
      if (member) next.set(id, current.get(id) ?? false);
      else next.delete(id);
      return next;
    });
  const setLead = (id: string, lead: boolean) => setChosen((current) => new Map(current).set(id, lead));
  return (
    <form
      className="panel"
      aria-labelledby={heading}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={heading} ref={title} tabIndex={-1}>
        {t('teamsX.membersTitle', { name: team.name })}
      </h2>
      <p className="muted">{t('teamsX.membersHint')}</p>
      <table className="admin-table">
        <caption className="sr-only">{t('teamsX.membersTitle', { name: team.name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('teamsX.name')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('teamsX.members')}</th>
            <th scope="col">{t('teamsX.lead')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>{isRole(p.role) ? t(`admin.roles.${p.role}`) : p.role}</td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('teamsX.member', { name: p.name })}
                  checked={chosen.has(p.id)}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />
              </td>
              <td>
                <input
                  type="checkbox"
                  aria-label={t('teamsX.leadOf', { name: p.name })}
                  checked={chosen.get(p.id) ?? false}
                  disabled={!chosen.has(p.id)}
                  onChange={(e) => setLead(p.id, e.target.checked)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <TeamError error={save.error} label={nameOf} />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={save.isPending || staff.isLoading}>
          {t('teamsX.save')}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          {t('teamsX.cancel')}
        </button>
      </div>
    </form>
  );
}

const ROLES = ['admin', 'supervisor', 'agent'] as const;
const isRole = (role: string): role is (typeof ROLES)[number] => (ROLES as readonly string[]).includes(role);
