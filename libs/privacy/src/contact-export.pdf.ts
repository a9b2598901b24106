import { ContactExportData, ExportFile, publicRequestFiles } from './contact-export.document';
import {
  createPdf,
  fields,
  heading,
  paragraph,
  pdfDateTime,
  subheading,
  table,
  title,
} from './privacy-pdf.util';
import { DATA_CLASS_DESCRIPTIONS, DATA_CLASSES } from './privacy-policy.types';

const CHANNELS: Record<string, string> = {
  email: 'E-mail',
  phone: 'Telefono',
  web: 'Web',
  monitoring: 'Monitoraggio',
};
const STATUSES: Record<string, string> = {
  new: 'Nuovo',
  open: 'Aperto',
  waiting: 'In attesa',
  resolved: 'Risolto',
  resolved_not_competent: 'Risolto - non di competenza',
};
const CALL_STATUSES: Record<string, string> = {
  answered: 'risposta',
  missed: 'persa',
  ringing: 'in corso',
  talking: 'in corso',
};
const MAIL_STATUSES: Record<string, string> = {
  pending: 'in coda',
  sending: 'in invio',
  sent: 'inviata',
  failed: 'non recapitata',
};

const VIA: Record<string, string> = { email: ' via e-mail', phone: ' per telefono', web: ' dal web' };

/** Timeline entries the summary writes out; the others (clocks, assignments...) are in dati.json. */
function timelineLine(type: string, payload: Record<string, unknown>, by: string | null): string | null {
  const who = by ? ` (${by})` : '';
  switch (type) {
    case 'message': {
      const via = VIA[String(payload.via)] ?? '';
      return payload.direction === 'in' ? `Messaggio ricevuto${via}` : `Risposta${via}${who}`;
    }
    case 'note':
      return `Nota interna del personale${who}`;
    case 'referent_note':
      return `Nota del referente dell'ente${who}`;
    case 'status_changed':
      return `Stato: ${STATUSES[String(payload.to)] ?? String(payload.to)}${who}`;
    case 'phone_call':
      return `Telefonata ${payload.direction === 'out' ? 'effettuata' : 'ricevuta'} (${CALL_STATUSES[String(payload.status)] ?? String(payload.status)})`;
    default:
      return null;
  }
}

function seconds(s: number | null): string {
  if (s === null || s === undefined) return '-';
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1_048_576
      ? `${Math.round(bytes / 1024)} KB`
      : `${(bytes / 1_048_576).toFixed(1).replace('.', ',')} MB`;
}

/**
 * riepilogo.pdf: the person's data in Italian, readable without tools, as art. 15 asks (the data,
 * and the purposes, recipients, retention and rights). The document is a stream: the caller
 * pipes it into the ZIP as it is drawn.
 */
export function contactExportPdf(data: ContactExportData, files: ExportFile[]): PDFKit.PDFDocument {
  const doc = createPdf(`Dati personali - ${data.contact.name}`);
  const at = (d: Date | null | undefined) => pdfDateTime(d, data.zone);
  const c = data.contact;
  const { controller, purposes, recipients, retention, notice } = data.policy.definition;
  const numberOf = new Map(data.tickets.map((t) => [t.id, t.number]));
  const pathOf = new Map(files.map((f) => [f.id, f.path]));

  title(
    doc,
    'Dati personali conservati dal servizio di assistenza',
    `Richiesta di accesso dell'interessato (art. 15 GDPR): ${c.name}`,
  );
  fields(doc, [
    ['Titolare del trattamento', `${controller.name}, ${controller.address}`],
    ['Contatto privacy', controller.email],
    ['Responsabile della protezione dei dati', controller.dpoEmail],
    ['Generato il', `${at(data.generatedAt)} (ora di ${data.zone})`],
  ]);
  paragraph(
    doc,
    'Il file ZIP contiene questo riepilogo, i dati completi in formato leggibile da macchina (dati.json) e gli allegati delle richieste (cartella allegati).',
    8,
    '#555',
  );

  heading(doc, 'Dati di contatto');
  fields(doc, [
    ['Nome', c.name],
    ['E-mail', c.email ?? '-'],
    ['Telefono', c.phone ?? '-'],
    ['Ente', c.enteName ?? '-'],
    ['Registrato il', at(c.createdAt)],
    ...(c.anonymisedAt ? ([['Anonimizzato il', at(c.anonymisedAt)]] as [string, string][]) : []),
    ...(c.legalHold ? ([['Blocco legale', c.legalHold]] as [string, string][]) : []),
  ]);
  if (c.anonymisedAt) {
    paragraph(
      doc,
      'I dati di contatto e i testi sono stati resi anonimi: restano solo lo pseudonimo e i dati non personali delle richieste (date, canali, stati).',
      8,
      '#555',
    );
  }

  heading(doc, `Richieste di assistenza (${data.tickets.length})`);
  if (data.tickets.length === 0) paragraph(doc, 'Nessuna richiesta.');
  else {
    table(
      doc,
      ['Numero', 'Ricevuta', 'Canale', 'Stato', 'Oggetto'],
      [70, 80, 60, 90, 195],
      data.tickets.map((t) => [
        t.number,
        at(t.receivedAt),
        CHANNELS[t.channel] ?? t.channel,
        STATUSES[t.status] ?? t.status,
        t.subject,
      ]),
    );
  }

  for (const t of data.tickets) {
    heading(doc, `Ticket ${t.number}: ${t.subject}`);
    fields(doc, [
      ['Ricevuto', at(t.receivedAt)],
      ['Risolto', at(t.resolvedAt)],
      ['Stato', STATUSES[t.status] ?? t.status],
      ['Ente', t.enteName ?? '-'],
      ['Categoria', t.categoryName ?? '-'],
      ...(t.redirectedTo ? ([['Indirizzato a', t.redirectedTo]] as [string, string][]) : []),
      ...(t.anonymisedAt ? ([['Anonimizzato il', at(t.anonymisedAt)]] as [string, string][]) : []),
    ]);
    if (t.description.trim()) {
      subheading(doc, 'Descrizione');
      paragraph(doc, t.description);
    }
    const entries = data.timeline.filter((e) => e.ticketId === t.id);
    for (const e of entries) {
      const line = timelineLine(e.type, e.payload, e.actorName);
      if (!line) continue;
      subheading(doc, `${at(e.occurredAt)} - ${line}`);
      if (e.body?.trim()) paragraph(doc, e.body);
    }
  }
  paragraph(doc, ' ');
  paragraph(
    doc,
    'Il registro completo di ogni ticket (assegnazioni, tempi di servizio, modifiche) è in dati.json.',
    8,
    '#555',
  );

  heading(doc, `Allegati (${data.attachments.length})`);
  if (data.attachments.length === 0) paragraph(doc, 'Nessun allegato conservato.');
  else {
    table(
      doc,
      ['File', 'Ticket', 'Dimensione', 'Origine', 'Nel file ZIP'],
      [130, 70, 55, 85, 155],
      data.attachments.map((a) => [
        a.filename,
        numberOf.get(a.ticketId) ?? '-',
        size(a.size),
        a.fromMail ? 'e-mail ricevuta' : 'inviato dal personale',
        pathOf.get(a.id) ?? '-',
      ]),
    );
  }

  heading(doc, `E-mail inviate (${data.outbound.length})`);
  if (data.outbound.length === 0) paragraph(doc, 'Nessuna e-mail inviata.');
  else {
    table(
      doc,
      ['Data', 'Ticket', 'Oggetto', 'Destinatari', 'Esito'],
      [80, 70, 150, 120, 75],
      data.outbound.map((m) => [
        at(m.sentAt ?? m.createdAt),
        (m.ticketId && numberOf.get(m.ticketId)) || '-',
        m.subject,
        [...m.to, ...m.cc].join(', ') || '-',
        MAIL_STATUSES[m.status] ?? m.status,
      ]),
    );
  }

  heading(doc, `Telefonate (${data.calls.length})`);
  if (data.calls.length === 0) paragraph(doc, 'Nessuna telefonata registrata.');
  else {
    table(
      doc,
      ['Inizio', 'Direzione', 'Numero', 'Durata', 'Esito', 'Ticket'],
      [80, 65, 100, 70, 70, 110],
      data.calls.map((k) => [
        at(k.startedAt),
        k.direction === 'in' ? 'ricevuta' : 'effettuata',
        (k.direction === 'in' ? k.from : k.to) ?? '-',
        seconds(k.talkSeconds),
        CALL_STATUSES[k.status] ?? k.status,
        k.ticketNumber ?? '-',
      ]),
    );
  }

  heading(doc, `Richieste dal modulo web in attesa di conferma (${data.publicRequests.length})`);
  if (data.publicRequests.length === 0) paragraph(doc, 'Nessuna richiesta in attesa di conferma.');
  else {
    paragraph(
      doc,
      'Richieste inviate dal modulo web con questo indirizzo e-mail e non ancora confermate con il link ricevuto: sono cancellate, con i loro file, alla scadenza del link.',
      8,
      '#555',
    );
    const requestPathOf = new Map(publicRequestFiles(data.publicRequests).map((f) => [f.id, f.path]));
    table(
      doc,
      ['Inviata il', 'Oggetto', 'Nome', 'Ente', 'Scade il', 'File'],
      [70, 120, 85, 75, 70, 95],
      data.publicRequests.map((r) => [
        at(r.submittedAt),
        r.subject,
        r.name,
        r.ente ?? '-',
        at(r.expiresAt),
        r.files.map((f) => requestPathOf.get(f.id) ?? f.filename).join(', ') || '-',
      ]),
    );
    for (const r of data.publicRequests) {
      subheading(doc, `${at(r.submittedAt)} - ${r.subject}`);
      fields(doc, [
        ['E-mail', r.email],
        ['Telefono', r.phone ?? '-'],
        ['Argomento', r.category ?? '-'],
      ]);
      paragraph(doc, r.description);
    }
  }

  heading(doc, 'Finalità, destinatari e conservazione');
  subheading(doc, 'Finalità');
  for (const p of purposes) paragraph(doc, `- ${p.it}`);
  subheading(doc, 'Destinatari');
  for (const r of recipients) paragraph(doc, `- ${r.it}`);
  subheading(doc, 'Tempi di conservazione');
  for (const cls of DATA_CLASSES) {
    const d = DATA_CLASS_DESCRIPTIONS[cls];
    paragraph(doc, `- ${d.it}: ${retention[cls].days} giorni ${d.from.it}`);
  }
  subheading(doc, 'Informativa e diritti');
  paragraph(doc, notice.it);
  return doc;
}
