import { useTranslation } from 'react-i18next';

import { DATA_CLASSES, usePrivacyPolicyVersions } from '../api/queries/privacy.queries';
import { ErrorLine } from '../layout/ErrorLine';
import { formatDateTime } from '../time/format';

/**
 * Every version of the retention policy, newest first, with the days each kept per class of data:
 * what a past clean-up applied can always be read back (admins).
 */
export function VersionsPanel() {
  const { t, i18n } = useTranslation();
  const versions = usePrivacyPolicyVersions(true);
  return (
    <>
      <h2>{t('privacyX.versions.title')}</h2>
      <ErrorLine error={versions.error} />
      {versions.isLoading && <p className="muted">{t('privacyX.loading')}</p>}
      {!!versions.data?.length && (
        <table className="admin-table versions-table">
          <thead>
            <tr>
              <th scope="col">{t('privacyX.versions.version')}</th>
              <th scope="col">{t('privacyX.versions.publishedAt')}</th>
              <th scope="col">{t('privacyX.versions.state')}</th>
              {DATA_CLASSES.map((c) => (
                <th scope="col" key={c}>
                  {t(`privacyX.classes.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {versions.data.map((v) => (
              <tr key={v.id}>
                <th scope="row">{v.version}</th>
                <td>
                  {formatDateTime(v.createdAt, i18n.language)}
                  {v.createdBy === null && (
                    <span className="muted small"> ({t('privacyX.versions.seeded')})</span>
                  )}
                </td>
                <td>{v.active ? t('privacyX.versions.active') : t('privacyX.versions.replaced')}</td>
                {DATA_CLASSES.map((c) => (
                  <td key={c}>
                    {v.definition.retention?.[c]
                      ? t('privacyX.policy.dayCount', { count: v.definition.retention[c].days })
                      : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
