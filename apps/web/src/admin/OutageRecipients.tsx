import { useMutation, useQueryClient } from '@tanstack/react-query';
import { FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { put } from '../api/client';
import {
  adminKeys,
  type ReportRecipients,
  useOutageRecipients,
  useReportRecipients,
} from '../api/queries/admin.queries';
import { ErrorLine } from '../layout/ErrorLine';

/** One address per line or separated by commas, blanks dropped. */
export function parseAddresses(text: string): string[] {
  return text
    .split(/[\n,;]+/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/**
 * Where outage news goes: each ente's notice addresses (SLA.9/SLA.10 notices, besides its
 * referents) and who receives the quarterly outage report (SLA.11) besides the supervisors.
 */
export function OutageRecipients() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const entes = useOutageRecipients();
  const report = useReportRecipients();
  const [editing, setEditing] = useState<{ enteId: string; name: string; text: string } | null>(null);
  const [reportText, setReportText] = useState<string | null>(null);
  const saveEnte = useMutation({
    mutationFn: (e: { enteId: string; text: string }) =>
      put(`/api/outages/recipients/${e.enteId}`, { emails: parseAddresses(e.text) }),
    onSuccess: () => setEditing(null),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.outageRecipients() }),
  });
  const saveReport = useMutation({
    mutationFn: (text: string) =>
      put<ReportRecipients>('/api/outages/report-recipients', { emails: parseAddresses(text) }),
    onSuccess: () => setReportText(null),
    onSettled: () => client.invalidateQueries({ queryKey: adminKeys.reportRecipients() }),
  });

  return (
    <>
      <h2 id="report-recipients-title">{t('admin.reportRecipients')}</h2>
      <p className="muted">{t('admin.reportRecipientsHint')}</p>
      {report.data && (
        <form
          className="panel"
          aria-labelledby="report-recipients-title"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            saveReport.mutate(reportText ?? report.data.added.join('\n'));
          }}
        >
          <label>
            {t('admin.addedAddresses')}
            <textarea
              rows={4}
              value={reportText ?? report.data.added.join('\n')}
              onChange={(e) => setReportText(e.target.value)}
            />
          </label>
          {report.data.configured.length > 0 && (
            <p className="muted">
              {t('admin.configuredAddresses')}: {report.data.configured.join(', ')}
            </p>
          )}
          <p className="muted">
            {report.data.includeSupervisors ? t('admin.supervisorsIncluded') : t('admin.supervisorsExcluded')}
          </p>
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={saveReport.isPending}>
              {t('action.save')}
            </button>
          </div>
          <ErrorLine error={saveReport.error} />
        </form>
      )}

      <h2 id="notice-recipients-title">{t('admin.noticeRecipients')}</h2>
      <p className="muted">{t('admin.noticeRecipientsHint')}</p>
      <table className="admin-table" aria-labelledby="notice-recipients-title">
        <thead>
          <tr>
            <th scope="col">{t('queue.ente')}</th>
            <th scope="col">{t('admin.addresses')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {entes.data?.map((e) => (
            <tr key={e.enteId}>
              <td>{e.name}</td>
              <td>{e.emails.length ? e.emails.join(', ') : <span className="muted">—</span>}</td>
              <td>
                <button
                  type="button"
                  aria-label={`${t('action.edit')} ${e.name}`}
                  onClick={() => setEditing({ enteId: e.enteId, name: e.name, text: e.emails.join('\n') })}
                >
                  {t('action.edit')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <form
          className="panel"
          aria-label={editing.name}
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            saveEnte.mutate(editing);
          }}
        >
          <label>
            {t('admin.addresses')}
            <textarea
              rows={4}
              value={editing.text}
              onChange={(e) => setEditing({ ...editing, text: e.target.value })}
            />
          </label>
          <div className="form-buttons">
            <button type="submit" className="primary" disabled={saveEnte.isPending}>
              {t('action.save')}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              {t('action.cancel')}
            </button>
          </div>
          <ErrorLine error={saveEnte.error} />
        </form>
      )}
    </>
  );
}
