import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { withQuery } from '../api/client';
import {
  SATISFACTION_PATH,
  type SatisfactionGrouping,
  type SatisfactionLine,
  useSatisfactionReport,
} from '../api/queries/satisfaction.queries';
import { isChannelName } from '../i18n/keys';
import { ErrorLine } from '../layout/ErrorLine';
import { csvLanguage, formatPercent } from './percent';

const GROUPINGS: SatisfactionGrouping[] = ['month', 'channel', 'ente', 'team', 'agent'];
/** The api returns at most this many comments (the newest). */
const COMMENTS_CAP = 500;

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'it-IT');

/**
 * The citizens' satisfaction of the period (issue 20.3; supervisors and admins): the surveys per
 * month, channel, ente, team or agent (sent, answered, response rate, average, the 1-5 counts),
 * the period's total, the comments with their tickets, and the groups as CSV.
 */
export function SatisfactionSection({ range }: { range: { from: string; to: string } }) {
  const { t, i18n } = useTranslation();
  const [by, setBy] = useState<SatisfactionGrouping>('month');
  const report = useSatisfactionReport({ ...range, by });
  const lng = locale(i18n.language);
  const id = 'satisfaction-title';
  const commentsId = 'satisfaction-comments';

  const groupName = (line: SatisfactionLine): string => {
    if (line.key === null) return t('exportsX.notSet');
    if (by === 'month') {
      const [year, month] = line.key.split('-').map(Number);
      return new Date(year!, month! - 1, 1).toLocaleString(lng, { month: 'long', year: 'numeric' });
    }
    if (by === 'channel') return isChannelName(line.key) ? t(`channel.${line.key}`) : line.key;
    return line.name ?? t('exportsX.notSet');
  };
  const average = (n: number | null) =>
    n === null ? '—' : n.toLocaleString(lng, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const rows = report.data?.rows ?? [];
  const comments = report.data?.comments ?? [];
  const csv = withQuery(SATISFACTION_PATH, { ...range, by, format: 'csv', lang: csvLanguage(i18n.language) });

  const cells = (line: SatisfactionLine) => (
    <>
      <td>{line.sent}</td>
      <td>{line.answered}</td>
      <td>{formatPercent(line.responseRate, i18n.language)}</td>
      <td>{average(line.average)}</td>
      {line.scores.map((count, i) => (
        <td key={i}>{count}</td>
      ))}
    </>
  );

  return (
    <section aria-labelledby={id} className="satisfaction-report" data-testid="satisfaction-report">
      <h2 id={id}>{t('satisfactionX.title')}</h2>
      <p className="muted small">{t('satisfactionX.hint')}</p>
      <label>
        {t('satisfactionX.by')}{' '}
        <select value={by} onChange={(e) => setBy(e.target.value as SatisfactionGrouping)}>
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {t(`satisfactionX.group.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <ErrorLine error={report.error} />
      {report.isLoading && <p>{t('satisfactionX.loading')}</p>}
      {report.data && rows.length === 0 && <p className="muted">{t('satisfactionX.none')}</p>}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="report-table" aria-labelledby={id} data-satisfaction={by}>
            <thead>
              <tr>
                <th scope="col">{t(`satisfactionX.group.${by}`)}</th>
                <th scope="col">{t('satisfactionX.sent')}</th>
                <th scope="col">{t('satisfactionX.answered')}</th>
                <th scope="col">{t('satisfactionX.responseRate')}</th>
                <th scope="col">{t('satisfactionX.average')}</th>
                {[1, 2, 3, 4, 5].map((score) => (
                  <th scope="col" key={score}>
                    {t('satisfactionX.score', { score })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((line) => (
                <tr key={line.key ?? '-'}>
                  <th scope="row" className="left">
                    {groupName(line)}
                  </th>
                  {cells(line)}
                </tr>
              ))}
              {report.data && (
                <tr className="total">
                  <th scope="row" className="left">
                    {t('satisfactionX.total')}
                  </th>
                  {cells(report.data.total)}
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
      <p>
        {t('satisfactionX.download')}:{' '}
        <a href={csv} aria-describedby={id} data-testid="satisfaction-csv">
          CSV
        </a>
      </p>

      <h3 id={commentsId}>{t('satisfactionX.comments')}</h3>
      {report.data && comments.length === 0 && <p className="muted">{t('satisfactionX.noComments')}</p>}
      {comments.length > 0 && (
        <div className="table-scroll">
          <table className="report-table" aria-labelledby={commentsId} data-testid="satisfaction-comments">
            <thead>
              <tr>
                <th scope="col">{t('satisfactionX.date')}</th>
                <th scope="col">{t('satisfactionX.rating')}</th>
                <th scope="col">{t('satisfactionX.comment')}</th>
                <th scope="col">{t('satisfactionX.ticket')}</th>
                <th scope="col">{t('satisfactionX.ente')}</th>
                <th scope="col">{t('satisfactionX.agent')}</th>
              </tr>
            </thead>
            <tbody>
              {comments.map((c) => (
                <tr key={`${c.ticketId}-${c.answeredAt}`}>
                  <td>{new Date(c.answeredAt).toLocaleDateString(lng)}</td>
                  <td>{c.score}</td>
                  {/* Plain text: React escapes it; the citizen's line breaks kept. */}
                  <td
                    className="left"
                    style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', maxWidth: '40em' }}
                  >
                    {c.comment}
                  </td>
                  <td className="left">
                    <Link to={`/tickets/${c.ticketId}`}>{c.number}</Link>
                  </td>
                  <td className="left">{c.ente ?? t('exportsX.notSet')}</td>
                  <td className="left">{c.agent ?? t('exportsX.notSet')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {comments.length >= COMMENTS_CAP && <p className="muted small">{t('satisfactionX.commentsCapped')}</p>}
    </section>
  );
}
