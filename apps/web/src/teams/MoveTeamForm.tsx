import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LIMITS } from '../api/limits';
import { useTeams } from '../api/queries/teams.queries';
import type { Ticket } from '../api/types';
import { useDraft } from '../ticket/drafts';

/**
 * "Sposta a un altro team" (escalation between levels, issue 19.3): the receiving team, a note
 * for it (kept as a draft like every text on a ticket, required: the second level must know what
 * is needed), and whether the assignee goes along. Sent with the version on screen through the
 * ticket's actions: a 409 reloads the ticket and the form stays open with its text.
 */
export function MoveTeamForm({
  ticket,
  draft: key,
  submitWith,
  buttons,
}: {
  ticket: Ticket;
  draft: string;
  submitWith(
    path: string,
    body: Record<string, unknown>,
    method?: 'PATCH',
    required?: string[],
  ): (e: FormEvent) => Promise<void>;
  buttons(label: string, dirty: boolean): ReactNode;
}) {
  const { t } = useTranslation();
  const teams = useTeams();
  const [draft, setDraft] = useDraft(key, { teamId: '', note: '', keepAssignee: '' });
  const choices = (teams.data ?? []).filter((team) => team.active || team.id === ticket.team?.id);
  const keepAssignee = draft.keepAssignee === 'yes' && !!ticket.assignee;
  return (
    <form
      className="panel"
      aria-label={t('teamsX.ticket.moveTitle')}
      onSubmit={submitWith(
        '/team',
        { teamId: draft.teamId, note: draft.note, ...(keepAssignee ? { keepAssignee: true } : {}) },
        undefined,
        ['teamId', 'note'],
      )}
    >
      <label>
        {t('teamsX.ticket.to')}
        <select
          autoFocus
          required
          value={draft.teamId}
          onChange={(e) => setDraft({ teamId: e.target.value })}
        >
          <option value="">{t('teamsX.ticket.choose')}</option>
          {choices.map((team) =>
            team.id === ticket.team?.id ? (
              <option key={team.id} value={team.id} disabled>
                {t('teamsX.ticket.current', { name: team.name })}
              </option>
            ) : (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ),
          )}
        </select>
      </label>
      <label>
        {t('teamsX.ticket.note')}
        <textarea
          rows={4}
          required
          maxLength={LIMITS.MoveTeamDto.note}
          value={draft.note}
          aria-describedby="move-team-note-hint"
          onChange={(e) => setDraft({ note: e.target.value })}
        />
      </label>
      <p id="move-team-note-hint" className="muted small">
        {t('teamsX.ticket.noteHint')}
      </p>
      {ticket.assignee && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={keepAssignee}
              aria-describedby="move-team-keep-hint"
              onChange={(e) => setDraft({ keepAssignee: e.target.checked ? 'yes' : '' })}
            />
            {t('teamsX.ticket.keepAssignee', { name: ticket.assignee.name })}
          </label>
          <p id="move-team-keep-hint" className="muted small">
            {t('teamsX.ticket.keepAssigneeHint')}
          </p>
        </>
      )}
      {buttons(t('teamsX.ticket.submit'), draft.note.trim() !== '')}
    </form>
  );
}
