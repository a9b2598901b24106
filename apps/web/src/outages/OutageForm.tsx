import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError } from '../api/client';
import { useEntes } from '../api/queries/reference.queries';
import type { Outage } from '../api/types';
import { ErrorLine } from '../layout/ErrorLine';
import { fromLocalInput, toLocalInput } from '../time/format';

/** What the form edits; instants as Europe/Rome `datetime-local` values. */
interface Draft {
  title: string;
  services: string;
  enteIds: string[];
  startedAt: string;
  interventionStartedAt: string;
  endedAt: string;
  planned: boolean;
  cause: string;
  publicMessage: string;
}

/** Services typed one per line or separated by commas, trimmed, without repeats. */
export function parseServices(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
}

function draftOf(outage: Outage | undefined): Draft {
  return {
    title: outage?.title ?? '',
    services: outage?.services.join('\n') ?? '',
    enteIds: outage?.entes.map((e) => e.id) ?? [],
    startedAt: toLocalInput(outage?.startedAt ?? Date.now()),
    interventionStartedAt: toLocalInput(outage?.interventionStartedAt),
    endedAt: toLocalInput(outage?.endedAt),
    planned: outage?.planned ?? false,
    cause: outage?.cause ?? '',
    publicMessage: outage?.publicMessage ?? '',
  };
}

/** The body of POST /api/outages. */
function createBody(d: Draft): Record<string, unknown> {
  return {
    title: d.title.trim(),
    services: parseServices(d.services),
    enteIds: d.enteIds,
    startedAt: fromLocalInput(d.startedAt),
    planned: d.planned,
    ...(d.cause.trim() ? { cause: d.cause.trim() } : {}),
    ...(d.publicMessage.trim() ? { publicMessage: d.publicMessage.trim() } : {}),
  };
}

/** The body of PATCH /api/outages/:id: only what changed, and the version the form was opened on. */
function updateBody(d: Draft, outage: Outage): Record<string, unknown> {
  const was = draftOf(outage);
  const body: Record<string, unknown> = { version: outage.version };
  if (d.title.trim() !== was.title) body.title = d.title.trim();
  const services = parseServices(d.services);
  if (services.join('\n') !== outage.services.join('\n')) body.services = services;
  if ([...d.enteIds].sort().join() !== [...was.enteIds].sort().join()) body.enteIds = d.enteIds;
  if (d.startedAt !== was.startedAt) body.startedAt = fromLocalInput(d.startedAt);
  if (d.interventionStartedAt !== was.interventionStartedAt)
    body.interventionStartedAt = fromLocalInput(d.interventionStartedAt);
  if (d.endedAt !== was.endedAt) body.endedAt = fromLocalInput(d.endedAt);
  if (d.planned !== was.planned) body.planned = d.planned;
  if (d.cause !== was.cause) body.cause = d.cause;
  if (d.publicMessage !== was.publicMessage) body.publicMessage = d.publicMessage;
  return body;
}

/**
 * "Nuovo disservizio" (no outage) or the edit form of one: title, services, affected entes,
 * instants, planned, cause and the public message (which the status page shows to anyone).
 */
export function OutageForm({
  outage,
  busy,
  error,
  onSubmit,
  onCancel,
}: {
  outage?: Outage;
  busy: boolean;
  error: ApiError | null;
  onSubmit(body: Record<string, unknown>): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  // The form keeps what it was opened on: a refresh meanwhile must not change the version sent.
  const [opened] = useState(outage);
  const [draft, setDraft] = useState(() => draftOf(outage));
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const entes = useEntes();
  const invalid = (field: string) => (error?.fields.some((f) => f.startsWith(field)) ? true : undefined);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(opened ? updateBody(draft, opened) : createBody(draft));
  };
  const label = opened ? t('outages.edit') : t('outages.new');

  return (
    <form className="panel outage-form" aria-label={label} onSubmit={submit}>
      <label>
        {t('outages.name')}
        <input
          type="text"
          autoFocus
          required
          maxLength={300}
          value={draft.title}
          aria-invalid={invalid('title')}
          onChange={(e) => set({ title: e.target.value })}
        />
      </label>
      <div className="grid2">
        <label>
          {t('outages.servicesInput')}
          <textarea
            rows={4}
            value={draft.services}
            aria-invalid={invalid('services')}
            onChange={(e) => set({ services: e.target.value })}
          />
        </label>
        <fieldset className="entes-pick" aria-invalid={invalid('enteIds')}>
          <legend>{t('outages.entesInput')}</legend>
          {entes.isLoading && <p className="muted">{t('outages.loading')}</p>}
          {entes.data?.map((ente) => (
            <label key={ente.id} className="check">
              <input
                type="checkbox"
                checked={draft.enteIds.includes(ente.id)}
                onChange={(e) =>
                  set({
                    enteIds: e.target.checked
                      ? [...draft.enteIds, ente.id]
                      : draft.enteIds.filter((x) => x !== ente.id),
                  })
                }
              />
              {ente.name}
            </label>
          ))}
        </fieldset>
      </div>
      <div className="grid3">
        <label>
          {t('outages.startedAt')}
          <input
            type="datetime-local"
            required
            value={draft.startedAt}
            aria-invalid={invalid('startedAt')}
            onChange={(e) => set({ startedAt: e.target.value })}
          />
        </label>
        {opened && (
          <label>
            {t('outages.interventionStartedAt')}
            <input
              type="datetime-local"
              value={draft.interventionStartedAt}
              aria-invalid={invalid('interventionStartedAt')}
              onChange={(e) => set({ interventionStartedAt: e.target.value })}
            />
          </label>
        )}
        {opened && (
          <label>
            {t('outages.endedAt')}
            <input
              type="datetime-local"
              value={draft.endedAt}
              aria-invalid={invalid('endedAt')}
              onChange={(e) => set({ endedAt: e.target.value })}
            />
          </label>
        )}
      </div>
      <label className="check">
        <input type="checkbox" checked={draft.planned} onChange={(e) => set({ planned: e.target.checked })} />
        {t('outages.plannedInput')}
      </label>
      <label>
        {t('outages.causeInput')}
        <textarea
          rows={2}
          maxLength={4000}
          value={draft.cause}
          aria-invalid={invalid('cause')}
          onChange={(e) => set({ cause: e.target.value })}
        />
      </label>
      <label>
        {t('outages.publicMessageInput')}
        <textarea
          rows={3}
          maxLength={2000}
          value={draft.publicMessage}
          aria-invalid={invalid('publicMessage')}
          onChange={(e) => set({ publicMessage: e.target.value })}
        />
      </label>
      <ErrorLine error={error} />
      <div className="form-buttons">
        <button type="submit" className="primary" disabled={busy}>
          {opened ? t('action.save') : t('outages.create')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </form>
  );
}
