import { sanitiseMailHtml } from './html-sanitiser.util';
import { decodeHtmlEntities, expectNoRemoteLoads, expectSafeHtml } from './mail-test.fixture';

const XSS_PAYLOADS: [string, string][] = [
  ['script element', '<p>ciao</p><script>alert(1)</script>'],
  ['img onerror', '<img src=x onerror=alert(1)>'],
  ['javascript: href', '<a href="javascript:alert(1)">clicca</a>'],
  ['mixed-case javascript: href', '<a href="JaVaScRiPt:alert(1)">clicca</a>'],
  ['entity-encoded javascript: href', '<a href="&#106;avascript:alert(1)">clicca</a>'],
  ['hex-entity javascript: href', '<a href="&#x6A;&#x61;vascript&colon;alert(1)">clicca</a>'],
  ['javascript: with embedded tab', '<a href="java\tscript:alert(1)">clicca</a>'],
  ['vbscript: href', '<a href="vbscript:msgbox(1)">clicca</a>'],
  ['data:text/html href', '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">clicca</a>'],
  ['script inside svg', '<svg><script>alert(1)</script></svg>'],
  ['svg onload', '<svg onload=alert(1)>'],
  ['css url(javascript:)', '<div style="background:url(javascript:alert(1))">testo</div>'],
  ['css expression()', '<div style="width: expression(alert(1))">testo</div>'],
  ['iframe', '<iframe src="https://evil.example/"></iframe>'],
  ['iframe srcdoc', '<iframe srcdoc="<script>alert(1)</script>"></iframe>'],
  ['math mutation XSS', '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>'],
  ['nested script tags', '<<script>script>alert(1)<</script>/script>'],
  ['form with javascript: action', '<form action=javascript:alert(1)><input type=submit></form>'],
  ['meta refresh', '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'],
  ['base href', '<base href="javascript:alert(1)//"><a href="/x">x</a>'],
  ['unclosed img with handler', '<p>testo</p><img src="x" onerror="alert(1)"'],
  ['object and embed', '<object data="evil.swf"></object><embed src="evil.swf">'],
  ['link stylesheet', '<link rel="stylesheet" href="https://evil.example/x.css">'],
  ['style element', '<style>body{background:url(https://evil.example/t.gif)}</style><p>x</p>'],
  ['event handler on allowed tag', '<p onclick="alert(1)" onmouseover="alert(2)">testo</p>'],
  ['body onload', '<body onload="alert(1)"><p>x</p></body>'],
  ['img with data:svg', '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">'],
  ['comment hiding a script', '<!--<script>alert(1)</script>--><p>ok</p>'],
  ['conditional comment', '<!--[if gte mso 9]><script>alert(1)</script><![endif]--><p>ok</p>'],
  ['template', '<template><script>alert(1)</script></template>'],
  ['textarea breakout', '<textarea></textarea><script>alert(1)</script></textarea>'],
  ['a with target and rel override', '<a href="https://x.example" target="_self" rel="opener">x</a>'],
];

describe('sanitiseMailHtml: hostile input', () => {
  it.each(XSS_PAYLOADS)('%s', (_name, payload) => {
    const out = sanitiseMailHtml(payload);
    expectSafeHtml(out);
  });

  it('neutralises every payload even when they are concatenated', () => {
    expectSafeHtml(sanitiseMailHtml(XSS_PAYLOADS.map(([, p]) => p).join('\n')));
  });

  it('keeps an attacker-supplied data-remote-src out', () => {
    const out = sanitiseMailHtml('<img src="cid:logo" data-remote-src="javascript:alert(1)">');
    expect(out).toBe('<img src="cid:logo" />');
  });

  it('drops protocol-relative and non-image data sources', () => {
    expect(sanitiseMailHtml('<img src="//tracker.example/p.gif">')).toBe('<img />');
    expect(sanitiseMailHtml('<img src="data:text/html;base64,AAAA">')).toBe('<img />');
  });
});

describe('sanitiseMailHtml: benign content survives', () => {
  it('keeps formatting', () => {
    const html =
      '<p><b>Buongiorno</b>, <i>il servizio</i> <u>è</u> <strong>ripristinato</strong><br>Saluti</p>';
    expect(sanitiseMailHtml(html)).toBe(
      '<p><b>Buongiorno</b>, <i>il servizio</i> <u>è</u> <strong>ripristinato</strong><br />Saluti</p>',
    );
  });

  it('keeps tables and lists', () => {
    const html =
      '<table border="1" cellpadding="2"><tr><th colspan="2">Ente</th></tr><tr><td>Comune</td><td align="right">3</td></tr></table>' +
      '<ul><li>uno</li></ul><ol start="2"><li>due</li></ol>';
    expect(sanitiseMailHtml(html)).toBe(html.replace('<tr>', '<tr>'));
  });

  it('keeps http, https and mailto links and opens them safely', () => {
    const out = sanitiseMailHtml(
      '<a href="https://servizi.comune.esempio.it/pratica?id=1&amp;x=2">portale</a> <a href="mailto:cst@esempio.it">scrivi</a> <a href="http://x.example">x</a>',
    );
    expect(out).toContain('href="https://servizi.comune.esempio.it/pratica?id=1&amp;x=2"');
    expect(out).toContain('href="mailto:cst@esempio.it"');
    expect(out).toContain('href="http://x.example"');
    expect(out.match(/rel="noopener noreferrer nofollow"/g)).toHaveLength(3);
    expect(out.match(/target="_blank"/g)).toHaveLength(3);
  });

  it('drops links with other schemes but keeps their text', () => {
    expect(sanitiseMailHtml('<a href="ftp://x.example/f">file</a>')).toBe(
      '<a target="_blank" rel="noopener noreferrer nofollow">file</a>',
    );
  });

  it('keeps cid: and data:image images', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(sanitiseMailHtml('<img src="cid:logo@comune" alt="logo" width="20">')).toBe(
      '<img src="cid:logo@comune" alt="logo" width="20" />',
    );
    expect(sanitiseMailHtml(`<img src="${png}">`)).toBe(`<img src="${png}" />`);
  });

  it('keeps only safe inline style properties', () => {
    const out = sanitiseMailHtml(
      '<span style="color: #c00; font-weight: bold; position: fixed; background-image: url(https://t.example/x); text-align: center">x</span>',
    );
    expect(out).toBe('<span style="color:#c00;font-weight:bold;text-align:center">x</span>');
  });
});

describe('sanitiseMailHtml: remote images', () => {
  const html = '<p>logo</p><img src="https://tracker.example/pixel.gif?u=42" alt="pixel">';

  it('blocks them by default, keeping the URL aside for the UI', () => {
    const out = sanitiseMailHtml(html);
    expectNoRemoteLoads(out);
    expect(out).toContain('data-remote-src="https://tracker.example/pixel.gif?u=42"');
    expect(out).toContain('alt="pixel"');
  });

  it('allows them on request', () => {
    const out = sanitiseMailHtml(html, { allowRemoteImages: true });
    expect(out).toContain('src="https://tracker.example/pixel.gif?u=42"');
    expect(out).not.toContain('data-remote-src');
  });
});

describe('decodeHtmlEntities (test helper)', () => {
  it('sees through numeric and named references', () => {
    expect(decodeHtmlEntities('&#106;ava&#x73;cript&colon;')).toBe('javascript:');
  });
});
