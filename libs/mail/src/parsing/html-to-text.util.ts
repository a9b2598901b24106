import sanitizeHtml from 'sanitize-html';

const BLOCK_TAGS = 'p|div|tr|li|h[1-6]|table|blockquote|pre|ul|ol|dl|dt|dd|section|article|header|footer|center|address';

/**
 * Plain text from HTML for mails without a text part (previews, search, language guess). Block
 * boundaries become line breaks; sanitize-html strips every tag, drops script/style content and decodes
 * entities, so only the four characters it re-escapes need undoing.
 */
export function htmlToPlainText(html: string): string {
  const marked = html
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), (tag) => `\n${tag}`)
    .replace(/<\/t[dh]\s*>/gi, (tag) => `\t${tag}`);
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
