import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { put } from '../api/client';
import type { LiveCall } from '../api/types';
import { useLive } from '../live/live';

/**
 * While a call rings, who is calling: the contact matched on the number, their ente and open
 * tickets. Taking the call opens the phone intake filled in, its time the call's start.
 */
export function CallBanner({ onTake }: { onTake(call: LiveCall): void }) {
  const { t } = useTranslation();
  const { calls, dismissCall } = useLive();
  const incoming = calls.filter((c) => c.direction === 'in');
  if (!incoming.length) return null;
  return (
    <section className="call-banner" aria-label={t('phone.calls')}>
      {incoming.map((call) => (
        <div key={call.id} className="banner info call" role="status" data-testid="ringing-call">
          <strong>{call.status === 'ringing' ? t('phone.incoming') : t('phone.talking')}</strong>{' '}
          <span className="caller">
            {call.contact?.name ?? t('phone.unknown')} · {call.from ?? t('phone.withheld')}
          </span>
          {call.contact?.enteName && <span className="muted"> · {call.contact.enteName}</span>}
          {call.openTickets.length > 0 && (
            <span className="open-tickets">
              {' '}
              · {t('phone.openTickets', { count: call.openTickets.length })}{' '}
              {call.openTickets.map((ticket) => (
                <Link
                  key={ticket.id}
                  to={`/tickets/${ticket.id}`}
                  title={t('phone.logOnTicket', { number: ticket.number, subject: ticket.subject })}
                  onClick={() => {
                    // Taking the call on the caller's open ticket: the call is logged on it.
                    dismissCall(call.id);
                    void put(`/api/calls/${call.id}/ticket`, { ticketId: ticket.id });
                  }}
                >
                  {ticket.number}
                </Link>
              ))}
            </span>
          )}
          <span className="spacer" />
          <button type="button" className="primary" onClick={() => onTake(call)}>
            {t('phone.take')}
          </button>
          <button type="button" className="link" onClick={() => dismissCall(call.id)}>
            {t('phone.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}
