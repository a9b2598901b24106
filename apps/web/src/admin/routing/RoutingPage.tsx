import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';

import { ApiError, del, patch, put } from '../../api/client';
import { useCategories, useEntes, useStaff } from '../../api/queries/reference.queries';
import {
  type RoutingActions,
  type RoutingConditions,
  routingKeys,
  type RoutingRule,
  useRoutingRules,
} from '../../api/queries/routing.queries';
import { useTeams } from '../../api/queries/teams.queries';
import { useSession } from '../../auth/session';
import { routingIt } from '../../i18n/parts/routing';
import { RuleEditor } from './RuleEditor';

type Names = (kind: 'team' | 'ente' | 'category' | 'user', id: string) => string;

/** A rule in words: "If channel e-mail, words «stampante» then team CED, in turn within the team". */
function describe(t: TFunction, rule: RoutingRule, name: Names): { when: string; then: string } {
  const c = rule.conditions as RoutingConditions;
  const a = rule.actions as RoutingActions;
  const or = t('routingX.summary.or');
  const when: string[] = [];
  const list = (
    key: keyof typeof routingIt.summary,
    values: string[] | undefined,
    map: (v: string) => string = (v) => v,
  ) => {
    if (values?.length) when.push(t(`routingX.summary.${key}`, { v: values.map(map).join(or) }));
  };
  list('channel', c.channel, (v) => t(`routingX.channels.${v as keyof typeof routingIt.channels}`));
  list('mailbox', c.mailboxId, () => '…');
  list('ente', c.enteId, (v) => name('ente', v));
  list('category', c.categoryId, (v) => name('category', v));
  list('senderDomain', c.senderDomain);
  list(c.keywordsIn === 'subject' ? 'keywordsSubject' : 'keywords', c.keywords);
  list('monitoringHost', c.monitoringHost);
  list('monitoringService', c.monitoringService);
  if (c.malfunction === true) when.push(t('routingX.summary.malfunctionYes'));
  if (c.malfunction === false) when.push(t('routingX.summary.malfunctionNo'));
  const then: string[] = [];
  if (a.teamId) then.push(t('routingX.summary.team', { v: name('team', a.teamId) }));
  if (a.categoryId) then.push(t('routingX.summary.category2', { v: name('category', a.categoryId) }));
  if (a.difficulty)
    then.push(
      t('routingX.summary.difficulty', {
        v: t(`routingX.difficulties.${a.difficulty as keyof typeof routingIt.difficulties}`),
      }),
    );
  if (a.assigneeId) then.push(t('routingX.summary.assignee', { v: name('user', a.assigneeId) }));
  if (a.roundRobin) then.push(t('routingX.summary.roundRobin'));
  return { when: c.catchAll ? t('routingX.everything') : when.join('; '), then: then.join('; ') };
}

/**
 * Routing rules (issue 19.2): the ordered list, first match wins. Admins create, edit, enable or
 * disable, delete (asking first) and move rules up or down; supervisors read. Every change sends
 * the version read: a 409 reloads the list and says so.
 */
export default function RoutingPage() {
  const { t } = useTranslation();
  const { me } = useSession();
  const admin = me?.role === 'admin';
  const supervisor = admin || me?.role === 'supervisor';
  const rules = useRoutingRules(supervisor);
  const teams = useTeams(supervisor);
  const entes = useEntes({ enabled: supervisor });
  const categories = useCategories({ enabled: supervisor });
  const staff = useStaff();
  const client = useQueryClient();
  const [editing, setEditing] = useState<RoutingRule | 'new' | null>(null);
  const [removing, setRemoving] = useState<RoutingRule | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), [removing]);
  const refresh = () => client.invalidateQueries({ queryKey: routingKeys.all() });
  const after = {
    onError: (error: unknown) => {
      if (error instanceof ApiError && error.status === 409) setDone(t('routingX.conflict'));
    },
    onSettled: refresh,
  };
  const move = useMutation({
    mutationFn: (order: RoutingRule[]) =>
      put<RoutingRule[]>('/api/routing-rules/order', {
        rules: order.map((r) => ({ id: r.id, version: r.version })),
      }),
    onSuccess: () => setDone(t('routingX.reordered')),
    ...after,
  });
  const toggle = useMutation({
    mutationFn: (rule: RoutingRule) =>
      patch<RoutingRule>(`/api/routing-rules/${rule.id}`, { version: rule.version, enabled: !rule.enabled }),
    onSuccess: (rule) => setDone(t('routingX.saved', { name: rule.name })),
    ...after,
  });
  const remove = useMutation({
    mutationFn: (rule: RoutingRule) => del<void>(`/api/routing-rules/${rule.id}?version=${rule.version}`),
    onSuccess: (_, rule) => {
      setRemoving(null);
      setDone(t('routingX.removed', { name: rule.name }));
    },
    ...after,
  });
  if (!supervisor) return <Navigate to="/" replace />;

  const name: Names = (kind, id) => {
    const found =
      kind === 'team'
        ? teams.data?.find((x) => x.id === id)
        : kind === 'ente'
          ? entes.data?.find((x) => x.id === id)
          : kind === 'category'
            ? categories.data?.find((x) => x.id === id)
            : staff.data?.find((x) => x.id === id);
    return found?.name ?? '…';
  };
  const list = rules.data ?? [];
  const swap = (i: number, j: number) => {
    const order = [...list];
    [order[i], order[j]] = [order[j], order[i]];
    setDone(null);
    move.mutate(order);
  };

  return (
    <section aria-labelledby="routing-title" className="routing-page">
      <h1 id="routing-title">{t('routingX.title')}</h1>
      <p className="muted">{t('routingX.hint')}</p>
      {!admin && <p className="muted">{t('routingX.readOnly')}</p>}
      {rules.isLoading && <p className="muted">{t('routingX.loading')}</p>}
      <p role="status" className="done">
        {done}
      </p>
      {admin && editing === null && (
        <button
          type="button"
          className="primary"
          onClick={() => {
            setDone(null);
            setEditing('new');
          }}
        >
          {t('routingX.create')}
        </button>
      )}
      {editing !== null && (
        <RuleEditor
          key={editing === 'new' ? 'new' : editing.id}
          rule={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onDone={(rule) => {
            setEditing(null);
            setDone(t('routingX.saved', { name: rule.name }));
            void refresh();
          }}
        />
      )}
      <h2>{t('routingX.list')}</h2>
      {rules.data && list.length === 0 && <p className="muted">{t('routingX.none')}</p>}
      <ol className="routing-rules">
        {list.map((rule, i) => {
          const words = describe(t, rule, name);
          return (
            <li key={rule.id} className={rule.enabled ? undefined : 'disabled'}>
              <h3>
                {rule.name}{' '}
                <span className={rule.enabled ? 'badge' : 'badge muted'}>
                  {rule.enabled ? t('routingX.enabled') : t('routingX.disabled')}
                </span>
              </h3>
              <p>
                <strong>{t('routingX.when')}</strong> {words.when} <strong>{t('routingX.then')}</strong>{' '}
                {words.then}
              </p>
              {admin && (
                <div className="actions">
                  <button
                    type="button"
                    disabled={i === 0 || move.isPending}
                    aria-label={t('routingX.moveUp', { name: rule.name })}
                    onClick={() => swap(i, i - 1)}
                  >
                    ↑ {t('routingX.up')}
                  </button>
                  <button
                    type="button"
                    disabled={i === list.length - 1 || move.isPending}
                    aria-label={t('routingX.moveDown', { name: rule.name })}
                    onClick={() => swap(i, i + 1)}
                  >
                    ↓ {t('routingX.down')}
                  </button>
                  <button
                    type="button"
                    aria-label={t('routingX.editRule', { name: rule.name })}
                    onClick={() => {
                      setDone(null);
                      setEditing(rule);
                    }}
                  >
                    {t('routingX.edit')}
                  </button>
                  <button type="button" onClick={() => toggle.mutate(rule)}>
                    {rule.enabled ? t('routingX.disable') : t('routingX.enable')}
                  </button>
                  <button type="button" className="danger" onClick={() => setRemoving(rule)}>
                    {t('routingX.remove')}
                  </button>
                </div>
              )}
              {removing?.id === rule.id && (
                <div role="alertdialog" aria-labelledby={`remove-${rule.id}`} className="confirm">
                  <p id={`remove-${rule.id}`}>{t('routingX.removeConfirm', { name: rule.name })}</p>
                  <button
                    ref={confirmRef}
                    type="button"
                    className="danger"
                    onClick={() => remove.mutate(rule)}
                  >
                    {t('routingX.removeYes')}
                  </button>
                  <button type="button" onClick={() => setRemoving(null)}>
                    {t('routingX.cancel')}
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
