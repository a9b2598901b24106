import sanitizeHtml from 'sanitize-html';

/** Elements that open a new line, and those whose end is a line or a paragraph break. */
const OPENING_BLOCKS = new Set(
  'p div h1 h2 h3 h4 h5 h6 table ul ol dl blockquote pre section article header footer center address'.split(
    ' ',
  ),
);
const LINE_ENDS = new Set(['li', 'tr', 'dt', 'dd', 'div']);
const PARAGRAPH_ENDS = new Set('p h1 h2 h3 h4 h5 h6 table ul ol dl blockquote pre'.split(' '));
const CELL_ENDS = new Set(['td', 'th']);

/**
 * Marks block boundaries with line breaks before the tags are stripped. A scan with indexOf rather
 * than regular expressions: tag patterns like <p[^>]*> are quadratic on hostile input ('<p<p<p...').
 */
function markBlockBoundaries(html: string): string {
  const out: string[] = [];
  let pos = 0;
  for (;;) {
    const open = html.indexOf('<', pos);
    const close = open === -1 ? -1 : html.indexOf('>', open);
    if (close === -1) break;
    const tag = html.slice(open, close + 1);
    const name = /^<(\/?)([a-z0-9]+)/i.exec(tag);
    out.push(html.slice(pos, open));
    const element = name?.[2].toLowerCase() ?? '';
    const closing = name?.[1] === '/';
    if (element === 'br') out.push('\n');
    else if (!closing && OPENING_BLOCKS.has(element)) out.push('\n', tag);
    else if (closing && PARAGRAPH_ENDS.has(element)) out.push(tag, '\n\n');
    else if (closing && LINE_ENDS.has(element)) out.push(tag, '\n');
    else if (closing && CELL_ENDS.has(element)) out.push(tag, '\t');
    else out.push(tag);
    pos = close + 1;
  }
  out.push(html.slice(pos));
  return out.join('');
}

/**
 * Plain text from HTML for mails without a text part (previews, search, language guess). Block
 * boundaries become line breaks; sanitize-html strips every tag, drops script/style content and decodes
 * entities, so only the four characters it re-escapes need undoing.
 */
export function htmlToPlainText(html: string): string {
  const marked = markBlockBoundaries(html.replace(/[\r\n\t]+/g, ' '));
  const text = sanitizeHtml(marked, {
    allowedTags: [],
    allowedAttributes: {},
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'svg', 'math', 'template'],
  });
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
