/** A percentage as the reports show it: one decimal, the language's separator, a dash when unknown. */
export function formatPercent(n: number | null | undefined, language: string): string {
  return n === null || n === undefined
    ? '—'
    : `${n.toLocaleString(language === 'en' ? 'en-GB' : 'it-IT', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}%`;
}

/** The CSV dialect of the UI language: Italian Excel (semicolons, decimal commas) or English. */
export function csvLanguage(language: string): 'it' | 'en' {
  return language === 'en' ? 'en' : 'it';
}
