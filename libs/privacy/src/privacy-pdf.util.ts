import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';

/**
 * The privacy documents' PDF helpers, in the reports' style (libs/reporting: pdfkit, A4, the
 * standard Helvetica, headings in the CST blue, ruled tables). No browser, no font files.
 */
export const MARGIN = 50;
const BLUE = '#1f4e79';

/** The characters of WinAnsi beyond Latin-1, which the standard fonts can draw. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/**
 * Text the standard fonts can draw: Latin-1 and WinAnsi's extras as they are, tabs as spaces,
 * anything else (Chinese, emoji, Romanian ș...) as '?', since pdfkit would otherwise write bytes
 * that show as garbage. The JSON beside the PDF keeps the exact text.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ')) {
    const code = ch.codePointAt(0)!;
    const drawable =
      ch === '\n' ||
      (code >= 0x20 && code <= 0x7e) ||
      (code >= 0xa0 && code <= 0xff) ||
      WIN_ANSI_EXTRA.has(ch);
    out += drawable ? ch : '?';
  }
  return out;
}

/** An instant as dd/MM/yyyy HH:mm on the consortium's clock; '-' for none. */
export function pdfDateTime(at: Date | null | undefined, zone: string): string {
  return at ? DateTime.fromJSDate(new Date(at), { zone }).toFormat('dd/MM/yyyy HH:mm') : '-';
}

export function createPdf(title: string): PDFKit.PDFDocument {
  return new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: pdfText(title), Author: 'Help desk CST', Creator: 'Help desk CST' },
  });
}

/** The whole document in memory: for the small ones (the record of processing). */
export function pdfBuffer(doc: PDFKit.PDFDocument, draw: () => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw();
  doc.end();
  return done;
}

export function title(doc: PDFKit.PDFDocument, text: string, subtitle?: string): void {
  doc.font('Helvetica-Bold').fontSize(18).fillColor(BLUE).text(pdfText(text), MARGIN);
  if (subtitle) doc.font('Helvetica').fontSize(11).fillColor('#333').text(pdfText(subtitle));
  doc.moveDown();
}

export function heading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > doc.page.height - MARGIN - 80) doc.addPage();
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').fontSize(13).fillColor(BLUE).text(pdfText(text), MARGIN);
  doc.font('Helvetica').moveDown(0.3);
}

export function subheading(doc: PDFKit.PDFDocument, text: string): void {
  if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
  doc.moveDown(0.4);
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#000').text(pdfText(text), MARGIN);
  doc.font('Helvetica').moveDown(0.2);
}

export function paragraph(doc: PDFKit.PDFDocument, text: string, size = 9, colour = '#000'): void {
  doc.font('Helvetica').fontSize(size).fillColor(colour).text(pdfText(text), MARGIN);
}

/** Label and value pairs, one a line, the label in bold. */
export function fields(doc: PDFKit.PDFDocument, pairs: [string, string][]): void {
  for (const [label, value] of pairs) {
    doc
      .font('Helvetica-Bold')
      .fontSize(9)
      .fillColor('#000')
      .text(`${pdfText(label)}: `, MARGIN, undefined, { continued: true })
      .font('Helvetica')
      .text(pdfText(value));
  }
}

/** A ruled table; a row that does not fit starts a new page. */
export function table(doc: PDFKit.PDFDocument, header: string[], widths: number[], rows: string[][]): void {
  const line = (cells: string[], bold: boolean) => {
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(8)
      .fillColor('#000');
    const safe = cells.map(pdfText);
    const height = Math.max(...safe.map((c, i) => doc.heightOfString(c, { width: widths[i] - 4 }))) + 6;
    if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    safe.forEach((c, i) => {
      doc.text(c, x + 2, y + 3, { width: widths[i] - 4 });
      x += widths[i];
    });
    doc
      .moveTo(MARGIN, y + height)
      .lineTo(x, y + height)
      .strokeColor('#bbb')
      .stroke();
    doc.x = MARGIN;
    doc.y = y + height;
  };
  line(header, true);
  for (const row of rows) line(row, false);
  doc.font('Helvetica');
}
