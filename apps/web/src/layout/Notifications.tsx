import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';

import { post } from '../api/client';
import {
  type AppNotification,
  notificationKeys,
  useNotifications,
} from '../api/queries/notification.queries';
import { formatDateTime } from '../time/format';

/** How often the bell asks again; the sweeper that writes notifications runs every 30 s. */
const REFRESH_MS = 30_000;

/**
 * The bell in the header: the signed-in user's notifications (ticket clocks at risk or breached,
 * outage notices due or late), the unread counted on the button; opening one goes to its ticket
 * or outage and marks it read.
 */
export function Notifications() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrapper = useRef<HTMLDivElement>(null);
  const { data = [] } = useNotifications(REFRESH_MS);
  const markRead = useMutation({
    mutationFn: (ids?: string[]) => post<{ read: number }>('/api/notifications/read', ids ? { ids } : {}),
    onSettled: () => client.invalidateQueries({ queryKey: notificationKeys.all() }),
  });
  const unread = data.filter((n) => !n.readAt).length;

  // Closes on Escape and on a click outside, as a menu does.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (!wrapper.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const describe = (n: AppNotification) => {
    const at = formatDateTime(n.payload.dueAt ?? n.payload.warnAt, i18n.language);
    switch (n.kind) {
      case 'sla_at_risk':
      case 'sla_breached':
      case 'outage_notice_due':
      case 'outage_notice_breached':
        return t(`notifications.${n.kind}`, { code: n.payload.code ?? '', at, title: n.payload.title ?? '' });
      default:
        return t('notifications.other');
    }
  };

  return (
    <div className="notifications" ref={wrapper}>
      <button
        type="button"
        className="link"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={`${t('notifications.button')}: ${t('notifications.unread', { count: unread })}`}
        onClick={() => setOpen((o) => !o)}
      >
        {t('notifications.button')}
        {unread > 0 && (
          <span className="badge bad" aria-hidden="true">
            {unread}
          </span>
        )}
      </button>
      {open && (
        <section id={panelId} className="notifications-panel" aria-label={t('notifications.title')}>
          <header>
            <h2>{t('notifications.title')}</h2>
            <button
              type="button"
              className="link"
              disabled={unread === 0 || markRead.isPending}
              onClick={() => markRead.mutate(undefined)}
            >
              {t('notifications.markAll')}
            </button>
          </header>
          {data.length === 0 ? (
            <p className="muted">{t('notifications.empty')}</p>
          ) : (
            <ul>
              {data.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  <button
                    type="button"
                    onClick={() => {
                      if (!n.readAt) markRead.mutate([n.id]);
                      setOpen(false);
                      if (n.ticketId) void navigate(`/tickets/${n.ticketId}`);
                      else if (n.payload.outageId) void navigate(`/outages/${n.payload.outageId}`);
                    }}
                  >
                    <strong>{describe(n)}</strong>
                    {n.ticketNumber && (
                      <span>
                        {n.ticketNumber} · {n.ticketSubject}
                      </span>
                    )}
                    <time dateTime={n.createdAt}>{formatDateTime(n.createdAt, i18n.language)}</time>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
