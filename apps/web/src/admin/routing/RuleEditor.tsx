import { useMutation } from '@tanstack/react-query';
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { ApiError, patch, post } from '../../api/client';
import { problemsOf } from '../../api/problems';
import { useMailboxes } from '../../api/queries/admin.queries';
import { useCategories, useEntes, useStaff } from '../../api/queries/reference.queries';
import type {
  RoutingActions,
  RoutingConditions,
  RoutingPreview,
  RoutingRule,
} from '../../api/queries/routing.queries';
import { useTeams } from '../../api/queries/teams.queries';
import { routingFieldName, routingProblemText } from './routingProblems';

const CHANNELS = ['email', 'phone', 'web', 'monitoring'] as const;
const DIFFICULTIES = ['low', 'medium_low', 'medium_high', 'high'] as const;

type Assign = 'none' | 'fixed' | 'roundRobin';

/** The form's state: lists of free text are edited one value per line. */
interface Draft {
  name: string;
  enabled: boolean;
  catchAll: boolean;
  channel: string[];
  mailboxId: string[];
  enteId: string[];
  categoryId: string[];
  senderDomain: string;
  keywords: string;
  keywordsIn: 'subject' | 'subject_body';
  monitoringHost: string;
  monitoringService: string;
  malfunction: '' | 'yes' | 'no';
  teamId: string;
  setCategoryId: string;
  difficulty: string;
  assign: Assign;
  assigneeId: string;
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

function draftOf(rule: RoutingRule | null): Draft {
  const c = (rule?.conditions ?? {}) as RoutingConditions;
  const a = (rule?.actions ?? {}) as RoutingActions;
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    catchAll: c.catchAll ?? false,
    channel: c.channel ?? [],
    mailboxId: c.mailboxId ?? [],
    enteId: c.enteId ?? [],
    categoryId: c.categoryId ?? [],
    senderDomain: (c.senderDomain ?? []).join('\n'),
    keywords: (c.keywords ?? []).join('\n'),
    keywordsIn: c.keywordsIn === 'subject' ? 'subject' : 'subject_body',
    monitoringHost: (c.monitoringHost ?? []).join('\n'),
    monitoringService: (c.monitoringService ?? []).join('\n'),
    malfunction: c.malfunction === true ? 'yes' : c.malfunction === false ? 'no' : '',
    teamId: a.teamId ?? '',
    setCategoryId: a.categoryId ?? '',
    difficulty: a.difficulty ?? '',
    assign: a.roundRobin ? 'roundRobin' : a.assigneeId ? 'fixed' : 'none',
    assigneeId: a.assigneeId ?? '',
  };
}

/** What the api receives: only the conditions and actions given. */
function bodyOf(d: Draft): { conditions: Record<string, unknown>; actions: Record<string, unknown> } {
  const conditions: Record<string, unknown> = {};
  if (d.catchAll) conditions.catchAll = true;
  const lists: [string, string[]][] = [
    ['channel', d.channel],
    ['mailboxId', d.mailboxId],
    ['enteId', d.enteId],
    ['categoryId', d.categoryId],
    ['senderDomain', lines(d.senderDomain)],
    ['keywords', lines(d.keywords)],
    ['monitoringHost', lines(d.monitoringHost)],
    ['monitoringService', lines(d.monitoringService)],
  ];
  for (const [key, values] of lists) if (values.length > 0) conditions[key] = values;
  if (conditions.keywords && d.keywordsIn === 'subject') conditions.keywordsIn = 'subject';
  if (d.malfunction) conditions.malfunction = d.malfunction === 'yes';
  const actions: Record<string, unknown> = {};
  if (d.teamId) actions.teamId = d.teamId;
  if (d.setCategoryId) actions.categoryId = d.setCategoryId;
  if (d.difficulty) actions.difficulty = d.difficulty;
  if (d.assign === 'fixed' && d.assigneeId) actions.assigneeId = d.assigneeId;
  if (d.assign === 'roundRobin') actions.roundRobin = true;
  return { conditions, actions };
}

/**
 * The editor of one rule (new or existing): every condition and action, labelled, usable with
 * the keyboard alone; the api's field problems listed and marked on their inputs; the preview
 * on the latest tickets, a rule matching none flagged (it may still be saved).
 */
export function RuleEditor({
  rule,
  onDone,
  onCancel,
}: {
  rule: RoutingRule | null;
  onDone: (rule: RoutingRule) => void;
  onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [d, setD] = useState<Draft>(() => draftOf(rule));
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((old) => ({ ...old, [key]: value }));
  const teams = useTeams();
  const entes = useEntes();
  const categories = useCategories();
  const staff = useStaff();
  const mailboxes = useMailboxes();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const save = useMutation({
    mutationFn: () => {
      const body = { name: d.name, enabled: d.enabled, ...bodyOf(d) };
      return rule
        ? patch<RoutingRule>(`/api/routing-rules/${rule.id}`, { ...body, version: rule.version })
        : post<RoutingRule>('/api/routing-rules', body);
    },
    onSuccess: onDone,
  });
  const preview = useMutation({
    mutationFn: () =>
      post<RoutingPreview>('/api/routing-rules/preview', { conditions: bodyOf(d).conditions }),
  });
  const error = save.error ?? preview.error;
  const problems = problemsOf(error);
  const invalid = (prefix: string) =>
    problems.some(
      (p) => p.field === prefix || p.field.startsWith(`${prefix}[`) || p.field.startsWith(`${prefix}.`),
    );
  const attrs = (field: string, hint?: string) => ({
    'aria-invalid': invalid(field) || undefined,
    'aria-describedby':
      [hint, invalid(field) ? 'rule-problems' : null].filter(Boolean).join(' ') || undefined,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    preview.reset();
    save.mutate();
  };
  const multi = (key: 'mailboxId' | 'enteId' | 'categoryId') => (e: React.ChangeEvent<HTMLSelectElement>) =>
    set(
      key,
      [...e.target.selectedOptions].map((o) => o.value),
    );

  return (
    <form className="rule-editor" onSubmit={submit} aria-labelledby="rule-editor-title" noValidate>
      <h2 id="rule-editor-title" tabIndex={-1} ref={heading}>
        {rule ? t('routingX.editorEdit', { name: rule.name }) : t('routingX.editorNew')}
      </h2>
      {error instanceof ApiError && error.status === 400 && problems.length > 0 ? (
        <div role="alert" className="error" id="rule-problems">
          <p>{t('workspaceX.invalidForm')}</p>
          <ul>
            {problems.map((p) => (
              <li key={p.field}>
                {routingFieldName(t, p.field)}: {routingProblemText(t, i18n.language, p)}
              </li>
            ))}
          </ul>
        </div>
      ) : error ? (
        <p role="alert" className="error">
          {error instanceof Error
            ? error.message.split(' / ')[i18n.language === 'en' ? 1 : 0]
            : String(error)}
        </p>
      ) : null}
      <label>
        {t('routingX.name')}
        <input
          value={d.name}
          maxLength={120}
          required
          onChange={(e) => set('name', e.target.value)}
          {...attrs('name')}
        />
      </label>
      <label className="inline">
        <input type="checkbox" checked={d.enabled} onChange={(e) => set('enabled', e.target.checked)} />
        {t('routingX.enabledField')}
      </label>

      <fieldset>
        <legend>{t('routingX.conditions')}</legend>
        <label className="inline">
          <input
            type="checkbox"
            checked={d.catchAll}
            onChange={(e) => set('catchAll', e.target.checked)}
            {...attrs('conditions.catchAll')}
          />
          {t('routingX.catchAll')}
        </label>
        <fieldset>
          <legend>{t('routingX.channel')}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className="inline">
              <input
                type="checkbox"
                checked={d.channel.includes(c)}
                onChange={(e) =>
                  set('channel', e.target.checked ? [...d.channel, c] : d.channel.filter((x) => x !== c))
                }
              />
              {t(`routingX.channels.${c}`)}
            </label>
          ))}
        </fieldset>
        <p className="muted" id="multi-hint">
          {t('routingX.multiHint')}
        </p>
        {mailboxes.data && (
          <label>
            {t('routingX.mailbox')}
            <select
              multiple
              value={d.mailboxId}
              onChange={multi('mailboxId')}
              {...attrs('conditions.mailboxId', 'multi-hint')}
            >
              {mailboxes.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.address})
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t('routingX.ente')}
          <select
            multiple
            value={d.enteId}
            onChange={multi('enteId')}
            {...attrs('conditions.enteId', 'multi-hint')}
          >
            {entes.data?.map((e) => (
              <option key={e.id} value={e.id}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('routingX.category')}
          <select
            multiple
            value={d.categoryId}
            onChange={multi('categoryId')}
            {...attrs('conditions.categoryId', 'multi-hint')}
          >
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('routingX.senderDomain')}
          <textarea
            rows={2}
            value={d.senderDomain}
            onChange={(e) => set('senderDomain', e.target.value)}
            {...attrs('conditions.senderDomain', 'domain-hint')}
          />
          <span className="muted" id="domain-hint">
            {t('routingX.senderDomainHint')}
          </span>
        </label>
        <label>
          {t('routingX.keywords')}
          <textarea
            rows={2}
            value={d.keywords}
            onChange={(e) => set('keywords', e.target.value)}
            {...attrs('conditions.keywords', 'keywords-hint')}
          />
          <span className="muted" id="keywords-hint">
            {t('routingX.keywordsHint')}
          </span>
        </label>
        <label>
          {t('routingX.keywordsIn')}
          <select
            value={d.keywordsIn}
            onChange={(e) => set('keywordsIn', e.target.value as Draft['keywordsIn'])}
          >
            <option value="subject_body">{t('routingX.keywordsInBody')}</option>
            <option value="subject">{t('routingX.keywordsInSubject')}</option>
          </select>
        </label>
        <label>
          {t('routingX.monitoringHost')}
          <textarea
            rows={1}
            value={d.monitoringHost}
            onChange={(e) => set('monitoringHost', e.target.value)}
            {...attrs('conditions.monitoringHost', 'glob-hint')}
          />
        </label>
        <label>
          {t('routingX.monitoringService')}
          <textarea
            rows={1}
            value={d.monitoringService}
            onChange={(e) => set('monitoringService', e.target.value)}
            {...attrs('conditions.monitoringService', 'glob-hint')}
          />
        </label>
        <p className="muted" id="glob-hint">
          {t('routingX.globHint')}
        </p>
        <label>
          {t('routingX.malfunction')}
          <select
            value={d.malfunction}
            onChange={(e) => set('malfunction', e.target.value as Draft['malfunction'])}
          >
            <option value="">{t('routingX.malfunctionAny')}</option>
            <option value="yes">{t('routingX.malfunctionYes')}</option>
            <option value="no">{t('routingX.malfunctionNo')}</option>
          </select>
        </label>
      </fieldset>

      <fieldset>
        <legend>{t('routingX.actions')}</legend>
        <label htmlFor="rule-team">{t('routingX.team')}</label>
        <select
          id="rule-team"
          value={d.teamId}
          onChange={(e) => set('teamId', e.target.value)}
          {...attrs('actions.teamId')}
        >
          <option value="">{t('routingX.unchanged')}</option>
          {teams.data
            ?.filter((team) => team.active || team.id === d.teamId)
            .map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
        </select>
        <label>
          {t('routingX.setCategory')}
          <select
            value={d.setCategoryId}
            onChange={(e) => set('setCategoryId', e.target.value)}
            {...attrs('actions.categoryId')}
          >
            <option value="">{t('routingX.unchanged')}</option>
            {categories.data?.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('routingX.difficulty')}
          <select
            value={d.difficulty}
            onChange={(e) => set('difficulty', e.target.value)}
            {...attrs('actions.difficulty')}
          >
            <option value="">{t('routingX.unchanged')}</option>
            {DIFFICULTIES.map((v) => (
              <option key={v} value={v}>
                {t(`routingX.difficulties.${v}`)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('routingX.assignee')}</legend>
          {(['none', 'fixed', 'roundRobin'] as const).map((mode) => (
            <label key={mode} className="inline">
              <input
                type="radio"
                name="assign"
                value={mode}
                checked={d.assign === mode}
                onChange={() => set('assign', mode)}
              />
              {t(`routingX.assign${mode === 'none' ? 'None' : mode === 'fixed' ? 'Fixed' : 'RoundRobin'}`)}
            </label>
          ))}
        </fieldset>
        {d.assign === 'fixed' && (
          <label>
            {t('routingX.assigneeUser')}
            <select
              value={d.assigneeId}
              onChange={(e) => set('assigneeId', e.target.value)}
              {...attrs('actions.assigneeId')}
            >
              <option value="" />
              {staff.data
                ?.filter((u) => u.role !== 'ente_referent')
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </label>
        )}
      </fieldset>

      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('routingX.save')}
        </button>
        <button
          type="button"
          onClick={() => {
            save.reset();
            preview.mutate();
          }}
          disabled={preview.isPending}
        >
          {preview.isPending ? t('routingX.previewing') : t('routingX.preview')}
        </button>
        <button type="button" className="link" onClick={onCancel}>
          {t('routingX.cancel')}
        </button>
      </div>
      <PreviewResult preview={preview.data} />
    </form>
  );
}

function PreviewResult({ preview }: { preview: RoutingPreview | undefined }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="rule-preview">
      {preview && (
        <>
          {preview.warning === 'noMatch' ? (
            <p className="warning">{t('routingX.previewNoMatch', { scanned: preview.scanned })}</p>
          ) : (
            <p>{t('routingX.previewResult', { scanned: preview.scanned, matched: preview.matched })}</p>
          )}
          {preview.sample.length > 0 && (
            <>
              <h3>{t('routingX.previewSample')}</h3>
              <ul>
                {preview.sample.map((s) => (
                  <li key={s.id}>
                    <Link to={`/tickets/${s.id}`}>{s.number}</Link> {s.subject}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}
