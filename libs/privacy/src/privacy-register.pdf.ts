import {
  createPdf,
  fields,
  heading,
  MARGIN,
  paragraph,
  pdfBuffer,
  pdfDateTime,
  pdfText,
  table,
  title,
} from './privacy-pdf.util';
import type { Bilingual } from './privacy-policy.types';
import type { PrivacyRegister } from './privacy-register';

/** Italian first, the English below it in grey: one document for the consortium and for auditors. */
function both(doc: PDFKit.PDFDocument, text: Bilingual, bullet = true): void {
  const mark = bullet ? '- ' : '';
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor('#000')
    .text(pdfText(`${mark}${text.it}`), MARGIN);
  doc
    .font('Helvetica-Oblique')
    .fontSize(8)
    .fillColor('#555')
    .text(pdfText(`${bullet ? '  ' : ''}${text.en}`), MARGIN);
  doc.font('Helvetica').moveDown(0.2);
}

/** The record of processing (GDPR art. 30) as an A4 PDF, drawn from the policy in force. */
export function privacyRegisterPdf(
  register: PrivacyRegister,
  zone: string,
  generatedAt: Date,
): Promise<Buffer> {
  const doc = createPdf('Registro delle attività di trattamento');
  return pdfBuffer(doc, () => {
    title(
      doc,
      'Registro delle attività di trattamento (art. 30 GDPR)',
      'Record of processing activities (GDPR art. 30)',
    );
    fields(doc, [
      ['Titolare / Controller', `${register.controller.name}, ${register.controller.address}`],
      ['Contatto / Contact', register.controller.email],
      ['RPD / DPO', register.dpo.email],
      [
        'Versione della politica / Policy version',
        `${register.policyVersion}, in vigore dal / in force since ${pdfDateTime(register.publishedAt, zone)}`,
      ],
      ['Generato il / Generated on', pdfDateTime(generatedAt, zone)],
    ]);

    heading(doc, 'Attività di trattamento / Processing activity');
    both(doc, register.activity, false);

    heading(doc, 'Finalità e basi giuridiche / Purposes and legal bases');
    for (const p of register.purposes) both(doc, p);

    heading(doc, 'Categorie di interessati / Categories of data subjects');
    for (const s of register.dataSubjects) both(doc, s);

    heading(doc, 'Categorie di dati e conservazione / Categories of data and retention');
    table(
      doc,
      ['Dati / Data', 'Conservazione / Kept for', 'Da / From', 'Minimo / Minimum'],
      [215, 85, 135, 60],
      register.dataClasses.map((c) => [
        `${c.description.it}\n${c.description.en}`,
        `${c.retentionDays} giorni / days`,
        `${c.from.it}\n${c.from.en}`,
        `${c.minimumDays}`,
      ]),
    );

    if (register.otherData.length > 0) {
      heading(doc, 'Altri dati e loro conservazione / Other data and their retention');
      table(
        doc,
        ['Dati / Data', 'Conservazione / Kept'],
        [250, 245],
        register.otherData.map((o) => [
          `${o.description.it}\n${o.description.en}`,
          `${o.retention.it}\n${o.retention.en}`,
        ]),
      );
    }

    heading(doc, 'Destinatari / Recipients');
    for (const r of register.recipients) both(doc, r);

    heading(doc, 'Responsabili del trattamento / Processors');
    if (register.processors.length === 0) paragraph(doc, 'Nessuno / None');
    for (const p of register.processors)
      both(doc, { it: `${p.name}: ${p.role.it}`, en: `${p.name}: ${p.role.en}` });

    heading(doc, 'Trasferimenti verso paesi terzi / Transfers to third countries');
    both(doc, register.transfers, false);

    heading(doc, 'Misure di sicurezza / Security measures');
    for (const m of register.securityMeasures) both(doc, m);
  });
}
