import { htmlToPlainText } from './html-to-text.util';

describe('htmlToPlainText', () => {
  it.each([
    ['<p>Uno</p><p>Due</p>', 'Uno\n\nDue'],
    ['riga 1<br>riga 2<br/>riga 3', 'riga 1\nriga 2\nriga 3'],
    [
      '<div>Caff&egrave; &amp; cornetto &lt;3 &quot;sempre&quot;&nbsp;!</div>',
      'Caffè & cornetto <3 "sempre" !',
    ],
    ['<html><head><title>Titolo</title><style>p{color:red}</style></head><body>Testo</body></html>', 'Testo'],
    ['<script>alert(1)</script>visibile', 'visibile'],
    ['<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>', 'a b\nc'],
    ['<ul><li>uno</li><li>due</li></ul>', 'uno\ndue'],
    ['parole\n   spezzate\tsu righe', 'parole spezzate su righe'],
    ['', ''],
  ])('%j -> %j', (html, expected) => {
    expect(htmlToPlainText(html)).toBe(expected);
  });
});
