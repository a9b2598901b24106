import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { del, patch, post } from '../api/client';
import { type Macro, macroKeys, useMacros, useTags } from '../api/queries/agentTools.queries';
import { useCategories } from '../api/queries/reference.queries';
import { useTeams } from '../api/queries/teams.queries';
import { useSession } from '../auth/session';
import { ApiProblems } from './ApiProblems';

const DIFFICULTIES = ['low', 'medium_low', 'medium_high', 'high'] as const;
const STATUSES = ['open', 'waiting', 'resolved'] as const;

interface Draft {
  id: string | null;
  version: number;
  name: string;
  teamId: string;
  via: '' | 'email' | 'note';
  body: string;
  status: '' | (typeof STATUSES)[number];
  resolution: string;
  categoryId: string;
  difficulty: string;
  moveTeamId: string;
  addTags: string;
  removeTags: string;
}

const EMPTY: Draft = {
  id: null,
  version: 1,
  name: '',
  teamId: '',
  via: '',
  body: '',
  status: '',
  resolution: '',
  categoryId: '',
  difficulty: '',
  moveTeamId: '',
  addTags: '',
  removeTags: '',
};

function draftOf(macro: Macro): Draft {
  const a = macro.actions;
  return {
    id: macro.id,
    version: macro.version,
    name: macro.name,
    teamId: macro.teamId ?? '',
    via: a.answer?.via ?? '',
    body: a.answer?.body ?? '',
    status: a.status ?? '',
    resolution: a.resolution ?? '',
    categoryId: a.categoryId ?? '',
    difficulty: a.difficulty ?? '',
    moveTeamId: a.teamId ?? '',
    addTags: (a.addTags ?? []).join(', '),
    removeTags: (a.removeTags ?? []).join(', '),
  };
}

const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * The macros (issue 19.4): every staff member reads them; admins manage all, team leads those of
 * the teams they lead. A text with an unknown placeholder is refused naming it.
 */
export default function MacrosPage() {
  const { t } = useTranslation();
  const id = useId();
  const { me } = useSession();
  const client = useQueryClient();
  const macros = useMacros();
  const teams = useTeams();
  const categories = useCategories();
  const tags = useTags();
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const admin = me?.role === 'admin';
  const leadOf = macros.data?.leadOf ?? [];
  const teamName = new Map((teams.data ?? []).map((tm) => [tm.id, tm.name]));
  const set = (patchDraft: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...patchDraft } : d));
  const refresh = () => client.invalidateQueries({ queryKey: macroKeys.all() });

  const save = async () => {
    if (!draft) return;
    const body = {
      name: draft.name,
      teamId: draft.teamId || null,
      actions: {
        ...(draft.via ? { answer: { via: draft.via, body: draft.body } } : {}),
        ...(draft.status ? { status: draft.status } : {}),
        ...(draft.status === 'resolved' ? { resolution: draft.resolution } : {}),
        ...(draft.categoryId ? { categoryId: draft.categoryId } : {}),
        ...(draft.difficulty ? { difficulty: draft.difficulty } : {}),
        ...(draft.moveTeamId ? { teamId: draft.moveTeamId } : {}),
        ...(list(draft.addTags).length ? { addTags: list(draft.addTags) } : {}),
        ...(list(draft.removeTags).length ? { removeTags: list(draft.removeTags) } : {}),
      },
    };
    setError(null);
    try {
      if (draft.id) await patch(`/api/macros/${draft.id}`, { ...body, version: draft.version });
      else await post('/api/macros', body);
      setSaved(t('agentToolsX.macros.saved'));
      setDraft(null);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const remove = async (macro: Macro) => {
    if (!window.confirm(t('agentToolsX.macros.confirmDelete', { name: macro.name }))) return;
    setError(null);
    try {
      await del(`/api/macros/${macro.id}`);
      await refresh();
    } catch (e) {
      setError(e);
    }
  };
  const fieldLabel = (field: string) =>
    ({
      name: t('agentToolsX.macros.name'),
      'actions.answer.body': t('agentToolsX.macros.body'),
      'actions.resolution': t('agentToolsX.macros.resolution'),
      actions: t('agentToolsX.macros.title'),
    })[field] ?? field;

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('agentToolsX.macros.title')}</h1>
      <p className="muted">{t('agentToolsX.macros.hint')}</p>
      {saved && <p role="status">{saved}</p>}
      {(admin || leadOf.length > 0) && !draft && (
        <button
          type="button"
          className="primary"
          onClick={() => {
            setSaved(null);
            setError(null);
            setDraft({ ...EMPTY, teamId: admin ? '' : leadOf[0] });
          }}
        >
          {t('agentToolsX.macros.new')}
        </button>
      )}
      {draft && (
        <form
          className="macro-form"
          aria-labelledby={`${id}-form`}
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h2 id={`${id}-form`}>
            {draft.id ? `${t('agentToolsX.macros.edit')}: ${draft.name}` : t('agentToolsX.macros.new')}
          </h2>
          <label>
            {t('agentToolsX.macros.name')}
            <input
              value={draft.name}
              required
              maxLength={120}
              onChange={(e) => set({ name: e.target.value })}
            />
          </label>
          <label>
            {t('agentToolsX.macros.owner')}
            <select value={draft.teamId} onChange={(e) => set({ teamId: e.target.value })}>
              {admin && <option value="">{t('agentToolsX.macros.allTeams')}</option>}
              {(teams.data ?? [])
                .filter((tm) => admin || leadOf.includes(tm.id))
                .map((tm) => (
                  <option key={tm.id} value={tm.id}>
                    {tm.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('agentToolsX.macros.answerVia')}
            <select value={draft.via} onChange={(e) => set({ via: e.target.value as Draft['via'] })}>
              <option value="">{t('agentToolsX.macros.answerViaNone')}</option>
              <option value="email">{t('agentToolsX.macros.answerEmail')}</option>
              <option value="note">{t('agentToolsX.macros.answerNote')}</option>
            </select>
          </label>
          {draft.via && (
            <label>
              {t('agentToolsX.macros.body')}
              <textarea
                value={draft.body}
                rows={5}
                maxLength={20_000}
                required
                onChange={(e) => set({ body: e.target.value })}
                aria-describedby={`${id}-placeholders`}
              />
            </label>
          )}
          <p id={`${id}-placeholders`} className="muted small" data-raw-placeholders>
            {t('agentToolsX.macros.placeholders', { list: (macros.data?.placeholders ?? []).join(', ') })}
          </p>
          <label>
            {t('agentToolsX.macros.status')}
            <select value={draft.status} onChange={(e) => set({ status: e.target.value as Draft['status'] })}>
              <option value="">{t('agentToolsX.macros.unchanged')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`agentToolsX.macros.statusValue.${s}`)}
                </option>
              ))}
            </select>
          </label>
          {draft.status === 'resolved' && (
            <label>
              {t('agentToolsX.macros.resolution')}
              <textarea
                value={draft.resolution}
                rows={3}
                maxLength={20_000}
                required
                onChange={(e) => set({ resolution: e.target.value })}
              />
            </label>
          )}
          <label>
            {t('agentToolsX.macros.category')}
            <select value={draft.categoryId} onChange={(e) => set({ categoryId: e.target.value })}>
              <option value="">{t('agentToolsX.macros.unchanged')}</option>
              {(categories.data ?? []).map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('agentToolsX.macros.difficulty')}
            <select value={draft.difficulty} onChange={(e) => set({ difficulty: e.target.value })}>
              <option value="">{t('agentToolsX.macros.unchanged')}</option>
              {DIFFICULTIES.map((d) => (
                <option key={d} value={d}>
                  {t(`difficulty.${d}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('agentToolsX.macros.team')}
            <select value={draft.moveTeamId} onChange={(e) => set({ moveTeamId: e.target.value })}>
              <option value="">{t('agentToolsX.macros.unchanged')}</option>
              {(teams.data ?? [])
                .filter((tm) => tm.active)
                .map((tm) => (
                  <option key={tm.id} value={tm.id}>
                    {tm.name}
                  </option>
                ))}
            </select>
          </label>
          <label>
            {t('agentToolsX.macros.addTags')}{' '}
            <span className="muted small">({t('agentToolsX.macros.tagsHint')})</span>
            <input
              value={draft.addTags}
              list={`${id}-tags`}
              maxLength={500}
              onChange={(e) => set({ addTags: e.target.value })}
            />
          </label>
          <label>
            {t('agentToolsX.macros.removeTags')}{' '}
            <span className="muted small">({t('agentToolsX.macros.tagsHint')})</span>
            <input
              value={draft.removeTags}
              list={`${id}-tags`}
              maxLength={500}
              onChange={(e) => set({ removeTags: e.target.value })}
            />
          </label>
          <datalist id={`${id}-tags`}>
            {(tags.data?.items ?? []).map((tag) => (
              <option key={tag.name} value={tag.name} />
            ))}
          </datalist>
          <ApiProblems error={error} label={fieldLabel} />
          <div className="form-actions">
            <button type="submit" className="primary">
              {t('agentToolsX.macros.save')}
            </button>
            <button type="button" onClick={() => setDraft(null)}>
              {t('agentToolsX.macros.cancel')}
            </button>
          </div>
        </form>
      )}
      {!draft && <ApiProblems error={error} />}
      {macros.data?.items.length === 0 && <p className="muted">{t('agentToolsX.macros.none')}</p>}
      {(macros.data?.items.length ?? 0) > 0 && (
        <table>
          <caption className="sr-only">{t('agentToolsX.macros.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('agentToolsX.macros.name')}</th>
              <th scope="col">{t('agentToolsX.macros.owner')}</th>
              <th scope="col">{t('agentToolsX.macros.answerVia')}</th>
              <th scope="col">
                <span className="sr-only">{t('agentToolsX.macros.edit')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {macros.data!.items.map((macro) => (
              <tr key={macro.id}>
                <td>{macro.name}</td>
                <td>
                  {macro.teamId
                    ? (macro.teamName ?? teamName.get(macro.teamId))
                    : t('agentToolsX.macros.everyone')}
                </td>
                <td className="muted" data-raw-placeholders>
                  {macro.actions.answer?.body ?? '—'}
                </td>
                <td>
                  {macro.editable ? (
                    <>
                      <button
                        type="button"
                        onClick={() => {
                          setSaved(null);
                          setError(null);
                          setDraft(draftOf(macro));
                        }}
                      >
                        {t('agentToolsX.macros.edit')}
                        <span className="sr-only"> {macro.name}</span>
                      </button>{' '}
                      <button type="button" onClick={() => void remove(macro)}>
                        {t('agentToolsX.macros.delete')}
                        <span className="sr-only"> {macro.name}</span>
                      </button>
                    </>
                  ) : (
                    <span className="muted">{t('agentToolsX.macros.readOnly')}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
