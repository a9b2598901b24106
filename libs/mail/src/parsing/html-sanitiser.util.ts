import sanitizeHtml from 'sanitize-html';

export interface SanitiseMailHtmlOptions {
  /** Keep http(s) image sources. Off by default: remote images are tracking beacons and leak the reader's IP. */
  allowRemoteImages?: boolean;
}

const ALLOWED_TAGS = [
  'a',
  'abbr',
  'address',
  'b',
  'bdi',
  'bdo',
  'big',
  'blockquote',
  'br',
  'caption',
  'center',
  'cite',
  'code',
  'col',
  'colgroup',
  'dd',
  'del',
  'dfn',
  'div',
  'dl',
  'dt',
  'em',
  'font',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'kbd',
  'li',
  'mark',
  'ol',
  'p',
  'pre',
  'q',
  's',
  'samp',
  'small',
  'span',
  'strike',
  'strong',
  'sub',
  'sup',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'tt',
  'u',
  'ul',
  'var',
  'wbr',
];

/**
 * Elements whose text content is dropped along with them: code, styles, and the foreign-content roots
 * (svg, math) whose parsing differs between sanitiser and browser (mutation XSS).
 */
const NON_TEXT_TAGS = [
  'script',
  'style',
  'textarea',
  'option',
  'noscript',
  'title',
  'svg',
  'math',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'template',
  'xml',
  'noembed',
  'noframes',
  'xmp',
  'plaintext',
];

const TABLE_CELL_ATTRIBUTES = ['colspan', 'rowspan', 'align', 'valign', 'width', 'height', 'bgcolor'];

const ALLOWED_ATTRIBUTES: sanitizeHtml.IOptions['allowedAttributes'] = {
  '*': ['style', 'title', 'dir', 'lang', 'align'],
  a: ['href', 'name', 'target', 'rel'],
  img: ['src', 'alt', 'width', 'height', 'data-remote-src'],
  font: ['color', 'face', 'size'],
  table: ['border', 'cellpadding', 'cellspacing', 'width', 'bgcolor'],
  td: TABLE_CELL_ATTRIBUTES,
  th: TABLE_CELL_ATTRIBUTES,
  tr: ['valign', 'bgcolor'],
  col: ['span', 'width'],
  colgroup: ['span', 'width'],
  ol: ['start', 'type'],
  blockquote: ['cite'],
};

const COLOUR = [/^#[0-9a-f]{3,8}$/i, /^rgba?\(\s*[\d.%\s,]+\)$/i, /^[a-z]{3,20}$/i];

/** Only inert, presentational properties: no url(), expression(), behavior, position or sizes that overlay the UI. */
const ALLOWED_STYLES: sanitizeHtml.IOptions['allowedStyles'] = {
  '*': {
    color: COLOUR,
    'background-color': COLOUR,
    'text-align': [/^(?:left|right|center|justify)$/i],
    'font-weight': [/^(?:normal|bold|bolder|lighter|[1-9]00)$/i],
    'font-style': [/^(?:normal|italic|oblique)$/i],
    'text-decoration': [/^(?:none|underline|line-through|overline)$/i],
  },
};

const SAFE_DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp);/i;

/**
 * Sanitises an e-mail's HTML for display to agents with an allow-list: formatting, tables, lists, links
 * (http, https, mailto; opened in a new tab without referrer) and cid:/data: images. Remote images are
 * kept out unless allowed: the element stays, without src, and with data-remote-src holding the URL so
 * the UI can offer to load it.
 */
export function sanitiseMailHtml(html: string, options: SanitiseMailHtmlOptions = {}): string {
  const allowRemoteImages = options.allowRemoteImages === true;
  return sanitizeHtml(html ?? '', {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: ALLOWED_ATTRIBUTES,
    allowedStyles: ALLOWED_STYLES,
    nonTextTags: NON_TEXT_TAGS,
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: allowRemoteImages ? ['cid', 'data', 'http', 'https'] : ['cid', 'data'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    allowedClasses: {},
    parseStyleAttributes: true,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: {
          ...withoutKeys(attribs, ['target', 'rel']),
          target: '_blank',
          rel: 'noopener noreferrer nofollow',
        },
      }),
      img: (tagName, attribs) => ({ tagName, attribs: imageAttributes(attribs, allowRemoteImages) }),
    },
  });
}

function imageAttributes(
  attribs: sanitizeHtml.Attributes,
  allowRemoteImages: boolean,
): sanitizeHtml.Attributes {
  // A data-remote-src written by the sender is never trusted: only the sanitiser sets it.
  const rest = withoutKeys(attribs, ['src', 'data-remote-src']);
  const src = (attribs.src ?? '').trim();
  if (/^cid:/i.test(src) || SAFE_DATA_IMAGE.test(src) || (allowRemoteImages && /^https?:\/\//i.test(src))) {
    return { src, ...rest };
  }
  if (/^https?:\/\//i.test(src)) return { 'data-remote-src': src, ...rest };
  return rest;
}

function withoutKeys(attribs: sanitizeHtml.Attributes, keys: string[]): sanitizeHtml.Attributes {
  const out: sanitizeHtml.Attributes = {};
  for (const [key, value] of Object.entries(attribs)) if (!keys.includes(key.toLowerCase())) out[key] = value;
  return out;
}
