import type { TFunction } from 'i18next';

import { DATA_CLASSES, type DataClass, type RetentionSummary } from '../api/queries/privacy.queries';
import { privacyIt } from '../i18n/parts/privacy';

/** What the clean-up does to each class: originals and logs go, texts and people are anonymised. */
const DELETES: Record<DataClass, boolean> = {
  rawMail: true,
  messageBodies: false,
  contactDetails: false,
  outboundMail: false,
  auditLog: true,
  sessions: true,
};

type CountKey = keyof typeof privacyIt.count;
type CountName = CountKey extends infer K ? (K extends `${infer N}_one` ? N : never) : never;
const isCountName = (key: string): key is CountName => Object.hasOwn(privacyIt.count, `${key}_one`);
const countName = (key: string): CountName => (isCountName(key) ? key : 'other');

export interface SummaryLine {
  dataClass: DataClass;
  text: string;
}

/**
 * A run's or a preview's counts in plain words, one line per data class: "E-mail originali — da
 * cancellare: 12 ticket, 3 e-mail non collegate a un ticket" (a preview) or "cancellati: ..." (a
 * run); a class with nothing to do says so. Counts of a kind the UI does not know are added up as
 * "altri elementi" rather than shown under the api's English key.
 */
export function summaryLines(t: TFunction, summary: RetentionSummary, dryRun: boolean): SummaryLine[] {
  return DATA_CLASSES.filter((c) => summary[c]).map((dataClass) => {
    const counts = Object.entries(summary[dataClass] ?? {}).filter(([, n]) => typeof n === 'number' && n > 0);
    const merged = new Map<CountName, number>();
    for (const [key, n] of counts) merged.set(countName(key), (merged.get(countName(key)) ?? 0) + n);
    const list = [...merged].map(([name, count]) => t(`privacyX.count.${name}`, { count })).join(', ');
    const verb = DELETES[dataClass]
      ? dryRun
        ? 'toDelete'
        : 'deleted'
      : dryRun
        ? 'toAnonymise'
        : 'anonymised';
    const text = list ? t(`privacyX.retention.${verb}`, { list }) : t('privacyX.retention.nothing');
    return { dataClass, text };
  });
}
