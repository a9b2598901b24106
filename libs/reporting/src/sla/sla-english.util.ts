/**
 * The SLA table in English (issue 16.14). The consortium's table is Italian and its words are
 * produced in one place each (targetText, the outage rows, the availability rows); this turns
 * each of those phrases into English, so the English UI never shows the Italian ones. A phrase it
 * does not know is returned as it is (a figure, a dash, an admin's own label).
 */
const DIFFICULTY: Record<string, string> = {
  bassa: 'low',
  'medio-bassa': 'medium-low',
  'medio-alta': 'medium-high',
  alta: 'high',
};

const RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^entro il giorno lavorativo successivo$/i, () => 'by the next business day'],
  [/^entro (\d+)h dalla comunicazione$/i, (m) => `within ${m[1]} h of the call`],
  [/^entro (\d+) min dalla comunicazione$/i, (m) => `within ${m[1]} min of the call`],
  [/^entro (\d+) min lavorativi$/i, (m) => `within ${m[1]} business minutes`],
  [/^entro 1h lavorativa$/i, () => 'within 1 business hour'],
  [/^entro (\d+)h lavorative$/i, (m) => `within ${m[1]} business hours`],
  [/^entro (\d+)' da avvio intervento$/i, (m) => `within ${m[1]} min of the start of work`],
  [/^ogni mese$/i, () => 'every month'],
  [/^ogni (\d+) mesi$/i, (m) => `every ${m[1]} months`],
  [/^([\d.]+)% nei tempi$/, (m) => `${m[1]}% on time`],
  [/^(\d+) report su (\d+) nei tempi$/, (m) => `${m[1]} of ${m[2]} reports on time`],
  [/^(\d+) report fuori tempo su (\d+)$/, (m) => `${m[1]} of ${m[2]} reports late`],
  [/^(\d+) fuori tempo su (\d+) \(([\d.]+)%\)$/, (m) => `${m[1]} late out of ${m[2]} (${m[3]}%)`],
  [/^Nessuno scostamento rilevato$/, () => 'No deviation'],
  [/^Nessuna interruzione$/, () => 'No outages'],
  [/^Prestazione migliorativa$/, () => 'Better than the contract'],
  [/^nessun dato$/i, () => 'no data'],
];

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One phrase of the SLA table in English; capitalised if the Italian one was. */
export function slaPhraseInEnglish(text: string): string {
  // A CED target: "bassa: entro 30 min lavorativi; media: ..." one tier at a time.
  if (text.includes('; ') || /^[a-z-]+: /.test(text)) {
    return text
      .split('; ')
      .map((tier) => {
        const [word, ...rest] = tier.split(': ');
        return rest.length ? `${DIFFICULTY[word] ?? word}: ${slaPhraseInEnglish(rest.join(': '))}` : tier;
      })
      .join('; ');
  }
  for (const [pattern, english] of RULES) {
    const m = pattern.exec(text);
    if (m) {
      const out = english(m);
      return /^[A-ZÀ-Ý]/.test(text) ? capitalised(out) : out;
    }
  }
  return text;
}

export interface SlaRowEnglish {
  title: string;
  target: string;
  measured: string;
  deviation: string;
}

/** A row's words in English: the contract's English title, the phrases translated. */
export function slaRowInEnglish(
  row: { title: string; target: string; measured: string; deviation: string },
  titleEn: string | null | undefined,
): SlaRowEnglish {
  return {
    title: titleEn ?? row.title,
    target: slaPhraseInEnglish(row.target),
    measured: slaPhraseInEnglish(row.measured),
    deviation: slaPhraseInEnglish(row.deviation),
  };
}
