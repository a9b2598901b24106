import { useQueryClient } from '@tanstack/react-query';
import { type TFunction } from 'i18next';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';

import { MacroPanel } from '../agentTools/MacroPanel';
import { TagsEditor } from '../agentTools/TagsEditor';
import { del, post } from '../api/client';
import { contactKeys } from '../api/queries/contact.queries';
import {
  ticketKeys,
  useRequesterTickets,
  useTicket,
  useTicketAttachments,
  useTicketClocks,
} from '../api/queries/ticket.queries';
import type { ClockView, Viewer } from '../api/types';
import { isStaff, useSession } from '../auth/session';
import { useShortcuts } from '../keyboard/useShortcuts';
import { ChannelIcon } from '../layout/icons';
import { useLive } from '../live/live';
import { TicketLinksPanel } from '../merge/TicketLinksPanel';
import { LegalHoldControl } from '../privacy/LegalHoldControl';
import { Countdown } from '../queue/Countdown';
import { queuePath } from '../queue/position';
import { formatDuration } from '../time/countdown';
import { formatDateTime } from '../time/format';
import { ActionPanel, Panel } from './ActionPanel';
import { FollowLinksRevoke } from './FollowLinksRevoke';
import { RouteAgainOutcome, useRouteAgain } from './RouteAgain';
import { Timeline } from './Timeline';
import { useTicketActions } from './useTicketActions';

const OPEN = ['new', 'open', 'waiting'];

export function TicketPage() {
  const { id } = useParams<{ id: string }>();
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [panel, setPanel] = useState<Panel>(null);
  // "Applica macro" (issue 19.4): its own panel, beside the page's action panels.
  const [macroOpen, setMacroOpen] = useState(false);
  // An ente referent may only read the ticket and add notes their ente sees (never internal ones):
  // the staff's clocks, files and presence are not asked for.
  const { me } = useSession();
  const staff = isStaff(me);
  // A person's privacy rights and legal holds are the supervisors' and admins' (issue 18).
  const supervisor = me?.role === 'supervisor' || me?.role === 'admin';
  const client = useQueryClient();
  const ticket = useTicket(id);
  const clocks = useTicketClocks(id, staff);
  const attachments = useTicketAttachments(id, staff);
  const others = useRequesterTickets(ticket.data?.requester?.id);
  const actions = useTicketActions(ticket.data);
  // "Instrada di nuovo" (issue 19.2): staff only, as the api allows (admin, supervisor, agent).
  const routeAgain = useRouteAgain(ticket.data);
  const { viewers, setComposing } = usePresence(id!, staff);
  const changedByOthers = useChangedByOthers(
    id!,
    Math.max(actions.lastOwnChange, routeAgain.lastOwnChange),
    ticket.data?.version,
  );

  const tk = ticket.data;
  const open = tk ? OPEN.includes(tk.status) : false;
  useShortcuts(
    {
      t: () => staff && tk?.status === 'new' && actions.fire('/take-charge'),
      r: () => staff && open && setPanel('reply'),
      n: () => setPanel(staff ? 'note' : 'referentNote'),
      x: () => staff && open && setPanel('resolve'),
      a: () => staff && open && setPanel('assign'),
      Escape: () => (panel ? setPanel(null) : navigate(queuePath())),
      u: () => navigate(queuePath()),
    },
    !!tk,
  );

  if (ticket.isLoading) return <p className="muted">{t('common.loading')}</p>;
  if (ticket.error || !tk) return <p role="alert">{(ticket.error as Error)?.message ?? t('common.error')}</p>;

  const button = (label: string, onClick: () => void, key?: string, primary = false) => (
    <button
      type="button"
      className={primary ? 'primary' : undefined}
      onClick={onClick}
      aria-keyshortcuts={key}
    >
      {label}
      {key && <kbd aria-hidden="true">{key}</kbd>}
    </button>
  );

  return (
    <article className="ticket" aria-labelledby="ticket-title">
      <p>
        <Link to={queuePath()}>← {t('ticket.back')}</Link>
      </p>
      <header className="ticket-head">
        <h1 id="ticket-title">
          <span className="number">{tk.number}</span> {tk.subject}
        </h1>
        <div className="badges">
          <ChannelIcon channel={tk.channel} />
          <span className={`status status-${tk.status}`} data-testid="ticket-status">
            {t(`status.${tk.status}`)}
          </span>
        </div>
      </header>
      {viewers.length > 0 && (
        <p className="banner warn" role="status">
          {viewers.some((v) => v.composing)
            ? t('ticket.composing', { name: viewers.find((v) => v.composing)!.name })
            : t('ticket.viewers', { names: viewers.map((v) => v.name).join(', ') })}
        </p>
      )}
      {changedByOthers && (
        <p className="banner info" role="status">
          {t('ticket.changed')}
        </p>
      )}
      {actions.error && (
        <p className="banner error" role="alert">
          {actions.conflict ? t('ticket.conflict') : actions.error.message}
        </p>
      )}
      <div className="actions" role="toolbar" aria-label={t('action.reply')}>
        {staff ? (
          <>
            {tk.status === 'new' &&
              button(t('action.takeCharge'), () => actions.fire('/take-charge'), 't', true)}
            {open && button(t('action.reply'), () => setPanel('reply'), 'r', tk.status !== 'new')}
            {button(t('action.note'), () => setPanel('note'), 'n')}
            {open && button(t('action.assign'), () => setPanel('assign'), 'a')}
            {tk.status === 'open' && button(t('action.wait'), () => setPanel('wait'))}
            {tk.status === 'waiting' && button(t('action.resume'), () => actions.fire('/resume'))}
            {tk.status === 'open' &&
              !tk.interventionStartedAt &&
              button(t('action.startIntervention'), () => actions.fire('/start-intervention'))}
            {open && button(t('action.resolve'), () => setPanel('resolve'), 'x')}
            {!open && button(t('action.reopen'), () => setPanel('reopen'))}
            {button(t('action.edit'), () => setPanel('edit'))}
            {open && button(t('agentToolsX.macros.apply'), () => setMacroOpen(true))}
            {open && button(t('teamsX.ticket.move'), () => setPanel('team'))}
            {open && (
              // Not disabled while it runs: the focus stays on the button for a keyboard user.
              <button
                type="button"
                onClick={() => !routeAgain.busy && routeAgain.run()}
                aria-disabled={routeAgain.busy}
              >
                {t('routingX.again.button')}
              </button>
            )}
          </>
        ) : (
          button(t('action.referentNote'), () => setPanel('referentNote'), 'n')
        )}
      </div>
      {staff && (
        <RouteAgainOutcome said={routeAgain.said} busy={routeAgain.busy} dismiss={routeAgain.dismiss} />
      )}
      {panel && (
        <ActionPanel
          panel={panel}
          ticket={tk}
          busy={actions.busy}
          run={actions.run}
          close={() => setPanel(null)}
          onComposing={(composing) => setComposing(composing)}
        />
      )}
      {staff && macroOpen && (
        <MacroPanel
          ticket={tk}
          busy={actions.busy}
          apply={(macroId) => actions.run(`/macros/${macroId}/apply`)}
          close={() => setMacroOpen(false)}
        />
      )}
      <div className="ticket-body">
        <Timeline
          events={tk.timeline}
          attachments={attachments.data ?? []}
          ticketId={tk.id}
          splittable={staff && !tk.mergedIntoId ? tk : undefined}
        />
        <aside className="ticket-side">
          <dl>
            <dt>{t('ticket.requester')}</dt>
            <dd>
              {supervisor && tk.requester ? (
                <Link to={`/contacts/${tk.requester.id}`} title={t('privacyX.contact.open')}>
                  {tk.requester.name}
                </Link>
              ) : (
                (tk.requester?.name ?? '—')
              )}
              {tk.requester?.email && <div className="muted">{tk.requester.email}</div>}
              {tk.requester?.phone && <div className="muted">{tk.requester.phone}</div>}
            </dd>
            <dt>{t('ticket.ente')}</dt>
            <dd>{tk.ente?.name ?? '—'}</dd>
            <dt>{t('ticket.category')}</dt>
            <dd>{tk.category?.name ?? '—'}</dd>
            <dt>{t('ticket.difficulty')}</dt>
            <dd>{tk.difficulty ? t(`difficulty.${tk.difficulty}`) : '—'}</dd>
            <dt>{t('ticket.assignee')}</dt>
            <dd>{tk.assignee?.name ?? t('queue.unassigned')}</dd>
            {staff && (
              <>
                <dt>{t('teamsX.ticket.team')}</dt>
                <dd data-testid="ticket-team">{tk.team?.name ?? t('teamsX.ticket.noTeam')}</dd>
              </>
            )}
            <dt>{t('ticket.received')}</dt>
            <dd>{formatDateTime(tk.receivedAt, i18n.language)}</dd>
            {tk.redirectedTo && (
              <>
                <dt>{t('ticket.redirectedTo')}</dt>
                <dd>{tk.redirectedTo}</dd>
              </>
            )}
          </dl>
          {staff && (
            <TagsEditor tags={tk.tags} busy={actions.busy} change={(body) => actions.run('/tags', body)} />
          )}
          {staff && <TicketLinksPanel ticket={tk} />}
          {staff && tk.requester?.email && <FollowLinksRevoke ticketId={tk.id} number={tk.number} />}
          {tk.anonymisedAt && (
            <p className="muted">
              {t('privacyX.ticket.anonymised', { at: formatDateTime(tk.anonymisedAt, i18n.language) })}
            </p>
          )}
          {supervisor && (
            <LegalHoldControl
              kind="ticket"
              id={tk.id}
              hold={tk.legalHold}
              onChanged={() =>
                Promise.all([
                  client.invalidateQueries({ queryKey: ticketKeys.detail(tk.id) }),
                  // The person's page lists their tickets' holds.
                  client.invalidateQueries({ queryKey: contactKeys.detail(tk.requester?.id) }),
                ])
              }
            />
          )}
          <section aria-labelledby="clocks-title">
            <h2 id="clocks-title">{t('ticket.clocks')}</h2>
            <ul className="clocks">
              {(clocks.data ?? []).map((c) => (
                <li key={`${c.code}-${c.cycle}`} className={`clock-row state-${c.state}`}>
                  <span className="clock-title" title={i18n.language === 'en' ? c.titleEn : c.title}>
                    {c.code}
                  </span>{' '}
                  {c.state === 'running' || (c.state === 'breached' && !c.stoppedAt) ? (
                    <Countdown clock={{ code: '', dueAt: c.dueAt!, warnAt: c.warnAt, state: c.state }} />
                  ) : (
                    <span className="muted">{stoppedClockText(c, t, i18n.language)}</span>
                  )}
                  <div className="muted small">
                    {t('ticket.due')} {formatDateTime(c.dueAt, i18n.language)}
                  </div>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="others-title">
            <h2 id="others-title">{t('ticket.otherTickets')}</h2>
            <ul className="others">
              {(others.data?.items ?? [])
                .filter((o) => o.id !== tk.id)
                .map((o) => (
                  <li key={o.id}>
                    <Link to={`/tickets/${o.id}`}>{o.number}</Link> {o.subject}{' '}
                    <span className="muted">{t(`status.${o.status}`)}</span>
                  </li>
                ))}
              {others.data && others.data.items.filter((o) => o.id !== tk.id).length === 0 && (
                <li className="muted">{t('ticket.none')}</li>
              )}
            </ul>
          </section>
        </aside>
      </div>
    </article>
  );
}

/** A clock no longer ticking: its state, and for a breached one by how much it was late. */
function stoppedClockText(c: ClockView, t: TFunction, language: string): string {
  if (c.state === 'breached' && c.dueAt && c.stoppedAt) {
    const late = Date.parse(c.stoppedAt) - Date.parse(c.dueAt);
    return t('clock.late', { time: formatDuration(late, language === 'en' ? 'd' : 'g') });
  }
  return t(`clock.${c.state}`);
}

/** Heartbeat of this page (every 10 s) and the other staff on the ticket. */
function usePresence(
  ticketId: string,
  enabled: boolean,
): { viewers: Viewer[]; setComposing(composing: boolean): void } {
  const [viewers, setViewers] = useState<Viewer[]>([]);
  const composing = useRef(false);
  const beat = useRef<() => void>(() => undefined);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    beat.current = () =>
      void post<{ viewers: Viewer[] }>(`/api/tickets/${ticketId}/presence`, { composing: composing.current })
        .then((res) => alive && setViewers(res.viewers))
        .catch(() => undefined);
    beat.current();
    const timer = window.setInterval(() => beat.current(), 10_000);
    return () => {
      alive = false;
      window.clearInterval(timer);
      void del(`/api/tickets/${ticketId}/presence`).catch(() => undefined);
    };
  }, [ticketId, enabled]);
  const setComposing = useCallback((value: boolean) => {
    if (composing.current === value) return;
    composing.current = value;
    beat.current();
  }, []);
  return { viewers, setComposing };
}

/**
 * True when the live stream reports a change to this ticket that this page did not make. Only a
 * version newer than the one on screen counts: the stream also reports the changes the page
 * already shows, such as the creation and taking charge of a call just registered here.
 */
function useChangedByOthers(ticketId: string, lastOwnChange: number, shownVersion?: number): boolean {
  const { subscribe } = useLive();
  const [changed, setChanged] = useState(false);
  // Another ticket: nothing changed by others yet (reset while rendering, not in the effect).
  const [watched, setWatched] = useState(ticketId);
  if (watched !== ticketId) {
    setWatched(ticketId);
    setChanged(false);
  }
  // Read by the stream's callback: the latest values, updated after each render.
  const own = useRef(lastOwnChange);
  const shown = useRef(shownVersion);
  useEffect(() => {
    own.current = lastOwnChange;
    shown.current = shownVersion;
  });
  useEffect(() => {
    return subscribe((changes) => {
      const newer = changes.some(
        (c) => c.id === ticketId && shown.current !== undefined && c.version > shown.current,
      );
      if (newer && Date.now() - own.current > 5_000) setChanged(true);
    });
  }, [subscribe, ticketId]);
  return changed;
}
