import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';

import { patch, post } from '../api/client';
import { LIMITS } from '../api/limits';
import { useSlaDocuments } from '../api/queries/admin.queries';
import { type Team, teamKeys, useTeams } from '../api/queries/teams.queries';
import { useSession } from '../auth/session';
import { AvailabilityButton } from './AvailabilityButton';
import { MembersEditor } from './MembersEditor';
import { TeamError, teamFieldAttributes, TeamFieldError } from './TeamError';

/** Which panel is open under the list: one at a time, like the users page. */
type Open = { kind: 'edit' | 'members'; team: Team } | null;

/**
 * Teams and levels (issue 19.1): every team with its members, leads, calendar and state.
 * Admins create, rename, deactivate and choose members; supervisors and admins mark anyone
 * absent or back. Agents mark only themselves, from the user menu; referents never see teams.
 */
export default function TeamsPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const admin = me?.role === 'admin';
  const supervisor = admin || me?.role === 'supervisor';
  const teams = useTeams(supervisor);
  const [open, setOpen] = useState<Open>(null);
  const [deactivating, setDeactivating] = useState<Team | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ queryKey: teamKeys.all() });
  const setActive = useMutation({
    mutationFn: ({ team, active }: { team: Team; active: boolean }) =>
      patch<Team>(`/api/teams/${team.id}`, { active }),
    onSuccess: (team) => setDone(t('teamsX.saved', { name: team.name })),
    onSettled: refresh,
  });
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [deactivating]);
  if (!supervisor) return <Navigate to="/" replace />;

  const openPanel = (next: Open) => {
    setDone(null);
    setDeactivating(null);
    setOpen(next);
  };
  return (
    <section aria-labelledby="teams-title" className="teams-page">
      <h1 id="teams-title">{t('teamsX.title')}</h1>
      <p className="muted">{t('teamsX.hint')}</p>
      {!admin && <p className="muted">{t('teamsX.readOnly')}</p>}
      {teams.isLoading && <p className="muted">{t('teamsX.loading')}</p>}
      <TeamError error={teams.error} />
      {teams.data && teams.data.length === 0 && <p className="muted">{t('teamsX.none')}</p>}
      {teams.data?.map((team) => (
        <TeamSection
          key={team.id}
          team={team}
          admin={admin}
          onEdit={() => openPanel({ kind: 'edit', team })}
          onMembers={() => openPanel({ kind: 'members', team })}
          onActive={(active) => {
            setDone(null);
            setOpen(null);
            if (active) setActive.mutate({ team, active });
            else setDeactivating(team);
          }}
        />
      ))}
      {deactivating && (
        <div className="panel" role="alertdialog" aria-label={t('teamsX.confirmTitle')}>
          <p>{t('teamsX.confirmDeactivate', { name: deactivating.name })}</p>
          <div className="form-buttons">
            <button
              ref={confirmRef}
              type="button"
              className="primary"
              onClick={() => {
                setActive.mutate({ team: deactivating, active: false });
                setDeactivating(null);
              }}
            >
              {t('teamsX.confirm')}
            </button>
            <button type="button" onClick={() => setDeactivating(null)}>
              {t('teamsX.cancel')}
            </button>
          </div>
        </div>
      )}
      <TeamError error={setActive.error} />
      {done && <p role="status">{done}</p>}
      {admin && open?.kind === 'edit' && (
        <TeamForm
          key={open.team.id}
          team={open.team}
          onDone={(message) => {
            setOpen(null);
            if (message) setDone(message);
          }}
        />
      )}
      {admin && open?.kind === 'members' && (
        <MembersEditor
          key={open.team.id}
          team={open.team}
          onDone={(message) => {
            setOpen(null);
            if (message) setDone(message);
          }}
        />
      )}
      {admin && <TeamForm key="new" onDone={(message) => message && setDone(message)} />}
    </section>
  );
}

/** One team: its code, calendar, state and members (leads and absences marked). */
function TeamSection({
  team,
  admin,
  onEdit,
  onMembers,
  onActive,
}: {
  team: Team;
  admin: boolean;
  onEdit(): void;
  onMembers(): void;
  onActive(active: boolean): void;
}) {
  const { t } = useTranslation();
  const heading = `team-${team.id}`;
  return (
    <section className="panel team" aria-labelledby={heading} data-team={team.code}>
      <h2 id={heading}>
        {team.name} {!team.active && <span className="status status-closed">{t('teamsX.inactive')}</span>}
      </h2>
      <dl className="team-facts">
        <dt>{t('teamsX.code')}</dt>
        <dd>
          <code>{team.code}</code>
        </dd>
        <dt>{t('teamsX.calendar')}</dt>
        <dd>{team.calendarCode ?? t('teamsX.noCalendar')}</dd>
        <dt>{t('teamsX.active')}</dt>
        <dd>{team.active ? t('common.yes') : t('common.no')}</dd>
      </dl>
      {admin && (
        <div className="form-buttons">
          <button type="button" aria-label={t('teamsX.editFor', { name: team.name })} onClick={onEdit}>
            {t('teamsX.edit')}
          </button>
          <button
            type="button"
            aria-label={t('teamsX.editMembersFor', { name: team.name })}
            onClick={onMembers}
          >
            {t('teamsX.editMembers')}
          </button>
          <button
            type="button"
            aria-label={t(team.active ? 'teamsX.deactivateFor' : 'teamsX.reactivateFor', { name: team.name })}
            onClick={() => onActive(!team.active)}
          >
            {t(team.active ? 'teamsX.deactivate' : 'teamsX.reactivate')}
          </button>
        </div>
      )}
      {team.members.length === 0 ? (
        <p className="muted">{t('teamsX.noMembers')}</p>
      ) : (
        <table className="admin-table">
          <caption className="sr-only">{t('teamsX.membersTitle', { name: team.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('teamsX.name')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('teamsX.availability.column')}</th>
              <th scope="col">{t('teamsX.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {team.members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name}
                  {m.lead && <span className="muted"> · {t('teamsX.lead')}</span>}
                </td>
                <td>{t(`admin.roles.${m.role}`)}</td>
                <td>
                  {m.available ? (
                    t('teamsX.availability.present')
                  ) : (
                    <strong className="absent">{t('teamsX.availability.absent')}</strong>
                  )}
                </td>
                <td>
                  <AvailabilityButton userId={m.userId} name={m.name} available={m.available} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** A new team (no `team`) or an existing one's name and calendar (admins). */
function TeamForm({ team, onDone }: { team?: Team; onDone(message: string | null): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const calendars = useSlaDocuments('calendars');
  const blank = { code: '', name: team?.name ?? '', calendarCode: team?.calendarCode ?? '' };
  const [form, setForm] = useState(blank);
  const heading = team ? `team-edit-${team.id}` : 'team-new';
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (team) title.current?.focus();
  }, [team]);
  const save = useMutation({
    mutationFn: () =>
      team
        ? patch<Team>(`/api/teams/${team.id}`, { name: form.name, calendarCode: form.calendarCode || null })
        : post<Team>('/api/teams', {
            code: form.code,
            name: form.name,
            calendarCode: form.calendarCode || null,
          }),
    onSuccess: (saved) => {
      if (!team) setForm(blank);
      onDone(t(team ? 'teamsX.saved' : 'teamsX.created', { name: saved.name }));
    },
    onSettled: () => client.invalidateQueries({ queryKey: teamKeys.all() }),
  });
  const codes = (calendars.data ?? [])
    .map((c) => ({ code: String(c.code ?? ''), name: typeof c.name === 'string' ? c.name : '' }))
    .filter((c) => c.code);
  return (
    <form
      className="panel grid2"
      aria-labelledby={heading}
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <h2 id={heading} ref={title} tabIndex={-1} className="span2">
        {team ? t('teamsX.editTitle', { name: team.name }) : t('teamsX.create')}
      </h2>
      {!team && (
        <div>
          <label>
            {t('teamsX.code')}
            <input
              required
              maxLength={40}
              value={form.code}
              autoComplete="off"
              {...teamFieldAttributes(save.error, 'code', `${heading}-code-error`)}
              onChange={(e) => setForm({ ...form, code: e.target.value })}
            />
          </label>
          <span className="muted small">{t('teamsX.codeHint')}</span>{' '}
          <TeamFieldError error={save.error} field="code" id={`${heading}-code-error`} />
        </div>
      )}
      <div>
        <label>
          {t('teamsX.name')}
          <input
            required
            maxLength={team ? LIMITS.UpdateTeamDto.name : LIMITS.CreateTeamDto.name}
            value={form.name}
            {...teamFieldAttributes(save.error, 'name', `${heading}-name-error`)}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <TeamFieldError error={save.error} field="name" id={`${heading}-name-error`} />
      </div>
      <div>
        <label>
          {t('teamsX.calendar')}
          <select
            value={form.calendarCode}
            {...teamFieldAttributes(save.error, 'calendarCode', `${heading}-calendar-error`)}
            onChange={(e) => setForm({ ...form, calendarCode: e.target.value })}
          >
            <option value="">{t('teamsX.noCalendar')}</option>
            {codes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name ? `${c.name} (${c.code})` : c.code}
              </option>
            ))}
          </select>
        </label>
        <TeamFieldError error={save.error} field="calendarCode" id={`${heading}-calendar-error`} />
      </div>
      <TeamError error={save.error} />
      <div className="form-buttons span2">
        <button type="submit" className="primary" disabled={save.isPending}>
          {team ? t('teamsX.save') : t('teamsX.createSubmit')}
        </button>
        {team && (
          <button type="button" onClick={() => onDone(null)}>
            {t('teamsX.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
