import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, post } from '../api/client';
import { ticketKeys } from '../api/queries/ticket.queries';
import type { Ticket } from '../api/types';

/** What POST /api/tickets/{id}/route answers. */
interface RouteOutcome {
  ruleId: string | null;
  ruleName: string | null;
  changed: string[];
  version: number;
}

/** The outcome said in words, with the ticket's values after the routing (snapshot, not live). */
type Said = { kind: 'done' | 'error'; text: string };

const ROUTE_FIELDS = ['version', 'id'] as const;

/**
 * "Instrada di nuovo" (issue 19.2, on demand): the rules applied again to the ticket, with the
 * version on screen. The answer is said in words (the rule and what it changed, or that nothing
 * matched or changed) once the ticket is read again; a refusal is said in the page's language.
 */
export function useRouteAgain(ticket: Ticket | undefined) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [said, setSaid] = useState<Said | null>(null);
  const [lastOwnChange, setLastOwnChange] = useState(0);
  const refresh = async (id: string) => {
    await Promise.all([
      client.invalidateQueries({ queryKey: ticketKeys.detail(id) }),
      client.invalidateQueries({ queryKey: ticketKeys.all() }),
    ]);
    return client.getQueryData<Ticket>(ticketKeys.detail(id));
  };
  const mutation = useMutation({
    mutationFn: async (tk: Ticket) => {
      const outcome = await post<RouteOutcome>(`/api/tickets/${tk.id}/route`, { version: tk.version });
      setLastOwnChange(Date.now());
      const after = (await refresh(tk.id)) ?? tk;
      return outcomeText(t, outcome, after);
    },
    onMutate: () => setSaid(null),
    onSuccess: (text) => setSaid({ kind: 'done', text }),
    onError: async (error, tk) => {
      setSaid({ kind: 'error', text: refusalText(t, error) });
      if (error instanceof ApiError && error.status === 409) await refresh(tk.id);
    },
  });
  return {
    run: () => {
      if (ticket) mutation.mutate(ticket);
    },
    busy: mutation.isPending,
    said,
    dismiss: () => setSaid(null),
    lastOwnChange,
  };
}

function outcomeText(t: TFunction, outcome: RouteOutcome, after: Ticket): string {
  if (!outcome.ruleId) return t('routingX.again.noRule');
  const name = outcome.ruleName ?? '';
  const changes = outcome.changed.flatMap((field) => {
    switch (field) {
      case 'teamId':
        return [t('routingX.again.team', { v: after.team?.name ?? t('routingX.again.none') })];
      case 'categoryId':
        return [t('routingX.again.category', { v: after.category?.name ?? t('routingX.again.none') })];
      case 'difficulty':
        return [
          t('routingX.again.difficulty', {
            v: after.difficulty ? t(`difficulty.${after.difficulty}`) : t('routingX.again.none'),
          }),
        ];
      case 'assigneeId':
        return [t('routingX.again.assignee', { v: after.assignee?.name ?? t('routingX.again.none') })];
      default:
        return [];
    }
  });
  if (changes.length === 0) return t('routingX.again.unchanged', { name });
  return t('routingX.again.changed', { name, changes: changes.join(', ') });
}

/** A refusal in the page's language: never the api's bilingual text. */
function refusalText(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('routingX.again.failed');
  if (error.status === 409)
    return error.details.code === 'VERSION_CONFLICT' || !('status' in error.details)
      ? t('routingX.again.conflict')
      : t('routingX.again.resolved');
  if (error.status === 400) {
    const named = error.fields.map((f) =>
      (ROUTE_FIELDS as readonly string[]).includes(f)
        ? t(`routingX.again.field.${f as (typeof ROUTE_FIELDS)[number]}`)
        : f,
    );
    return t('routingX.again.invalid', {
      fields: named.length ? named.join(', ') : t('routingX.again.field.id'),
    });
  }
  if (error.status === 403) return t('routingX.again.forbidden');
  return t('routingX.again.failed');
}

/** The outcome under the ticket's toolbar: a status when done, an alert when refused. */
export function RouteAgainOutcome({
  said,
  busy,
  dismiss,
}: {
  said: Said | null;
  busy: boolean;
  dismiss(): void;
}) {
  const { t } = useTranslation();
  return (
    <div className="route-again-outcome">
      {busy && (
        <p className="banner info" role="status">
          {t('routingX.again.running')}
        </p>
      )}
      {said && (
        <p
          className={`banner ${said.kind === 'error' ? 'error' : 'info'}`}
          role={said.kind === 'error' ? 'alert' : 'status'}
          data-testid="route-again-outcome"
        >
          {said.text}{' '}
          <button type="button" className="link-button" onClick={dismiss}>
            {t('common.close')}
          </button>
        </p>
      )}
    </div>
  );
}
