import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { put } from '../api/client';
import { LIMITS } from '../api/limits';
import {
  DATA_CLASSES,
  type DataClass,
  privacyKeys,
  type PrivacyPolicy,
  type PrivacyPolicyDefinition,
  usePrivacyPolicy,
} from '../api/queries/privacy.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';
import { fieldAttributes, PrivacyError, PrivacyFieldError } from './PrivacyError';

const NOTICE_MAX = 10_000;

/**
 * The retention policy in force and the privacy notice: admins change the days kept per class of
 * data, the clean-up's time and the notice's texts and publish a new version with a reason; the
 * api refuses a period below its legal minimum, said next to the field. Supervisors read it.
 */
export function PolicyPanel({ editable }: { editable: boolean }) {
  const { t, i18n } = useTranslation();
  const policy = usePrivacyPolicy();
  const [published, setPublished] = useState<number | null>(null);
  if (policy.isLoading) return <p className="muted">{t('privacyX.loading')}</p>;
  if (!policy.data) return <ErrorLine error={policy.error ?? t('common.error')} />;
  const p = policy.data;
  return (
    <>
      <h2>{t('privacyX.policy.title')}</h2>
      <p className="muted">
        {t('privacyX.policy.inForce', {
          version: p.version,
          at: formatDateTime(p.createdAt, i18n.language),
        })}
      </p>
      <p className="muted">{t('privacyX.policy.hint')}</p>
      {!editable && <p className="banner info">{t('privacyX.policy.readOnly')}</p>}
      {published !== null && (
        <p role="status" className="banner info">
          {t('privacyX.policy.published', { version: published })}
        </p>
      )}
      <p>
        <a href="/api/privacy/register?format=pdf" download>
          {t('privacyX.policy.register')}
        </a>
        {' · '}
        <a href={i18n.language === 'en' ? '/privacy?lang=en' : '/privacy'} target="_blank" rel="noopener">
          {t('privacyX.policy.publicPage')}
        </a>
      </p>
      {editable ? (
        <PolicyForm key={p.version} policy={p} onPublished={setPublished} />
      ) : (
        <PolicyView policy={p} />
      )}
      <Controller definition={p.definition} />
    </>
  );
}

interface Draft {
  days: Record<DataClass, string>;
  runAt: string;
  noticeIt: string;
  noticeEn: string;
  reason: string;
}

function draftOf(definition: PrivacyPolicyDefinition): Draft {
  return {
    days: Object.fromEntries(
      DATA_CLASSES.map((c) => [c, String(definition.retention[c]?.days ?? '')]),
    ) as Record<DataClass, string>,
    runAt: definition.runAt,
    noticeIt: definition.notice.it,
    noticeEn: definition.notice.en,
    reason: '',
  };
}

/** The policy's document with the draft's changes; the legal minimums stay as they are. */
function definitionOf(definition: PrivacyPolicyDefinition, draft: Draft): PrivacyPolicyDefinition {
  const retention = Object.fromEntries(
    DATA_CLASSES.map((c) => [
      c,
      {
        ...definition.retention[c],
        days: draft.days[c].trim() === '' ? null : Number(draft.days[c]),
      },
    ]),
  ) as PrivacyPolicyDefinition['retention'];
  return { ...definition, retention, runAt: draft.runAt, notice: { it: draft.noticeIt, en: draft.noticeEn } };
}

/** The form's own name for a field the api refused ("definition.retention.rawMail.days"). */
function labelOf(t: TFunction, field: string): string | null {
  const retention = /^definition\.retention\.(\w+)/.exec(field);
  if (retention && (DATA_CLASSES as readonly string[]).includes(retention[1]))
    return t(`privacyX.classes.${retention[1] as DataClass}`);
  if (field === 'definition.runAt') return t('privacyX.policy.field.runAt');
  if (field === 'definition.notice.it') return t('privacyX.policy.field.noticeIt');
  if (field === 'definition.notice.en') return t('privacyX.policy.field.noticeEn');
  if (field === 'reason') return t('privacyX.policy.field.reason');
  return null;
}

function PolicyForm({
  policy,
  onPublished,
}: {
  policy: PrivacyPolicy;
  onPublished: (version: number) => void;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [draft, setDraft] = useState(() => draftOf(policy.definition));
  const [blank, setBlank] = useState(false);
  const publish = useMutation({
    mutationFn: () =>
      put<PrivacyPolicy>('/api/privacy/policy', {
        definition: definitionOf(policy.definition, draft),
        reason: draft.reason.trim(),
      }),
    onSuccess: async (next) => {
      onPublished(next.version);
      await client.invalidateQueries({ queryKey: privacyKeys.all() });
    },
  });
  const error = publish.error;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (draft.reason.trim() === '') {
      setBlank(true);
      return;
    }
    setBlank(false);
    publish.mutate();
  };
  const retention = policy.definition.retention;

  return (
    <form aria-labelledby="policy-publish-title" onSubmit={submit} noValidate>
      <RetentionTable
        definition={policy.definition}
        cell={(c) => {
          const id = `retention-${c}-error`;
          return (
            <>
              <input
                type="number"
                inputMode="numeric"
                className="days"
                min={retention[c].minimumDays}
                max={36_500}
                step={1}
                aria-label={t('privacyX.policy.daysOf', { name: t(`privacyX.classes.${c}`) })}
                value={draft.days[c]}
                onChange={(e) => setDraft({ ...draft, days: { ...draft.days, [c]: e.target.value } })}
                {...fieldAttributes(error, `definition.retention.${c}`, id)}
              />
              <PrivacyFieldError error={error} field={`definition.retention.${c}`} id={id} />
            </>
          );
        }}
      />
      <label>
        {t('privacyX.policy.runAt')}
        <input
          type="time"
          className="run-at"
          value={draft.runAt}
          onChange={(e) => setDraft({ ...draft, runAt: e.target.value })}
          {...fieldAttributes(error, 'definition.runAt', 'run-at-error')}
        />
      </label>
      <PrivacyFieldError error={error} field="definition.runAt" id="run-at-error" />

      <h2>{t('privacyX.policy.notice')}</h2>
      <p className="muted" id="notice-hint">
        {t('privacyX.policy.noticeHint')}
      </p>
      <label>
        {t('privacyX.policy.noticeIt')}
        <textarea
          className="notice"
          rows={8}
          lang="it"
          maxLength={NOTICE_MAX}
          value={draft.noticeIt}
          onChange={(e) => setDraft({ ...draft, noticeIt: e.target.value })}
          {...fieldAttributes(error, 'definition.notice.it', 'notice-it-error')}
        />
      </label>
      <PrivacyFieldError error={error} field="definition.notice.it" id="notice-it-error" />
      <label>
        {t('privacyX.policy.noticeEn')}
        <textarea
          className="notice"
          rows={8}
          lang="en"
          maxLength={NOTICE_MAX}
          value={draft.noticeEn}
          onChange={(e) => setDraft({ ...draft, noticeEn: e.target.value })}
          {...fieldAttributes(error, 'definition.notice.en', 'notice-en-error')}
        />
      </label>
      <PrivacyFieldError error={error} field="definition.notice.en" id="notice-en-error" />

      <div className="panel">
        <h2 id="policy-publish-title">{t('privacyX.policy.publishTitle')}</h2>
        <label>
          {t('privacyX.policy.reason')}
          <textarea
            rows={2}
            required
            maxLength={LIMITS.PublishPrivacyPolicyDto.reason}
            value={draft.reason}
            onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
            aria-invalid={blank || fieldAttributes(error, 'reason', 'policy-reason-error')['aria-invalid']}
            aria-describedby={blank ? 'policy-reason-blank' : undefined}
          />
        </label>
        {blank && (
          <span id="policy-reason-blank" className="field-error">
            {t('action.blank')}
          </span>
        )}
        <PrivacyFieldError error={error} field="reason" id="policy-reason-error" />
        <PrivacyError error={error} label={(f) => labelOf(t, f)} intro={t('privacyX.policy.refused')} />
        <div className="form-buttons">
          <button type="submit" className="primary" disabled={publish.isPending}>
            {t('privacyX.policy.publish')}
          </button>
        </div>
      </div>
    </form>
  );
}

/** The retention table: one row per class of data, its days drawn by `cell` (text or an input). */
function RetentionTable({
  definition,
  cell,
}: {
  definition: PrivacyPolicyDefinition;
  cell: (c: DataClass) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <table className="admin-table retention-table">
      <thead>
        <tr>
          <th scope="col">{t('privacyX.policy.class')}</th>
          <th scope="col">{t('privacyX.policy.covers')}</th>
          <th scope="col">{t('privacyX.policy.from')}</th>
          <th scope="col">{t('privacyX.policy.days')}</th>
          <th scope="col">{t('privacyX.policy.minimum')}</th>
        </tr>
      </thead>
      <tbody>
        {DATA_CLASSES.filter((c) => definition.retention[c]).map((c) => (
          <tr key={c} data-class={c}>
            <th scope="row">{t(`privacyX.classes.${c}`)}</th>
            <td>{t(`privacyX.covers.${c}`)}</td>
            <td>{t(`privacyX.from.${c}`)}</td>
            <td>{cell(c)}</td>
            <td>{t('privacyX.policy.dayCount', { count: definition.retention[c].minimumDays })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The policy as a supervisor reads it. */
function PolicyView({ policy }: { policy: PrivacyPolicy }) {
  const { t } = useTranslation();
  const d = policy.definition;
  return (
    <>
      <RetentionTable
        definition={d}
        cell={(c) => t('privacyX.policy.dayCount', { count: d.retention[c].days })}
      />
      <p>
        {t('privacyX.policy.runAt')}: {d.runAt}
      </p>
      <h2>{t('privacyX.policy.notice')}</h2>
      <h3>{t('privacyX.policy.noticeIt')}</h3>
      <p lang="it" className="notice-text">
        {d.notice.it}
      </p>
      <h3>{t('privacyX.policy.noticeEn')}</h3>
      <p lang="en" className="notice-text">
        {d.notice.en}
      </p>
    </>
  );
}

/** Who is responsible for the processing, as the record of processing names them. */
function Controller({ definition }: { definition: PrivacyPolicyDefinition }) {
  const { t } = useTranslation();
  const c = definition.controller;
  return (
    <dl className="controller">
      <dt>{t('privacyX.policy.controller')}</dt>
      <dd>
        {c.name}, {c.address} — <a href={`mailto:${c.email}`}>{c.email}</a>
      </dd>
      <dt>{t('privacyX.policy.dpo')}</dt>
      <dd>
        <a href={`mailto:${c.dpoEmail}`}>{c.dpoEmail}</a>
      </dd>
    </dl>
  );
}
