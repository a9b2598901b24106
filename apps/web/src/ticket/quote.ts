/**
 * Folding quoted text in e-mails: the previous messages a citizen's client pastes under the
 * answer. Pure string work for plain text; DOM work (on an inert parsed document, never the
 * page) for the server-sanitised HTML.
 */

const QUOTE_INTRO =
  /^(Il giorno .+ ha scritto:|On .+ wrote:|-{2,} ?(Messaggio originale|Original Message) ?-{2,}|Da: .+|From: .+)$/i;

/** Splits a plain-text body into what the sender wrote and the quoted tail (if any). */
export function splitQuoted(text: string): { main: string; quoted: string | null } {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex(
    (line, i) =>
      QUOTE_INTRO.test(line.trim()) ||
      (line.startsWith('>') && lines.slice(i).every((l) => !l.trim() || l.startsWith('>'))),
  );
  if (start <= 0) return { main: text, quoted: null };
  return { main: lines.slice(0, start).join('\n').trimEnd(), quoted: lines.slice(start).join('\n') };
}

/** Wraps the HTML's quote blocks in a closed <details>, returning the new HTML. */
export function foldHtmlQuotes(html: string, label: string): string {
  const doc = new DOMParser().parseFromString(`<div>${html}</div>`, 'text/html');
  const root = doc.body.firstElementChild!;
  const quotes = root.querySelectorAll(
    'blockquote, .gmail_quote, .moz-cite-prefix, #divRplyFwdMsg, #appendonsend',
  );
  const outermost = [...quotes].filter((q) => !q.parentElement?.closest('blockquote, .gmail_quote'));
  for (const quote of outermost) {
    const details = doc.createElement('details');
    details.className = 'quoted';
    const summary = doc.createElement('summary');
    summary.textContent = label;
    quote.replaceWith(details);
    details.append(summary, quote);
  }
  return root.innerHTML;
}
