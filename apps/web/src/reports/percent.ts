/** A percentage as the reports show it: one decimal, the language's separator, a dash when unknown. */
export function formatPercent(n: number | null | undefined, language: string): string {
  return n === null || n === undefined
    ? '—'
    : `${n.toLocaleString(language === 'en' ? 'en-GB' : 'it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}
