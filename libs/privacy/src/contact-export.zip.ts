import { Readable } from 'node:stream';

import { ZipFile } from 'yazl';

import {
  ContactExportData,
  exportDocument,
  exportFiles,
  publicRequestFiles,
} from './contact-export.document';
import { contactExportPdf } from './contact-export.pdf';

const README = `Dati personali - richiesta di accesso (art. 15 GDPR)
=====================================================

riepilogo.pdf   i dati in forma leggibile, in italiano, con finalità, destinatari e tempi di conservazione
dati.json       tutti i dati conservati, in formato leggibile da macchina (UTF-8)
allegati/       i file delle richieste, una cartella per ticket
modulo-web/     i file delle richieste inviate dal modulo web e non ancora confermate

Personal data - access request (GDPR art. 15)

riepilogo.pdf   a readable summary (Italian), with purposes, recipients and retention periods
dati.json       every datum held, machine-readable (UTF-8)
allegati/       the files of the requests, one folder per ticket
modulo-web/     the files of requests sent by the web form and not yet confirmed
`;

/**
 * The access request's ZIP, written as it is read: the summary PDF is drawn into it and each
 * attachment is fetched (`readFile`) only when its turn comes, so the files are never all in
 * memory at once. An attachment gone meanwhile (a retention run) becomes a note beside its path.
 */
export function contactExportZip(
  data: ContactExportData,
  readFile: (id: string) => Promise<Buffer | null>,
  readRequestFile: (id: string) => Promise<Buffer | null> = () => Promise.resolve(null),
): NodeJS.ReadableStream {
  const numbers = new Map(data.tickets.map((t) => [t.id, t.number]));
  const files = exportFiles(data.attachments, numbers);
  const zip = new ZipFile();
  // yazl reports a failed entry on the ZipFile, not on its stream: end the stream with it, so the
  // download is cut (the client sees an incomplete file) rather than the process crashing.
  zip.on('error', (error: Error) => (zip.outputStream as Readable).destroy(error));
  const mtime = data.generatedAt;
  zip.addBuffer(Buffer.from(README), 'LEGGIMI.txt', { mtime });
  zip.addBuffer(Buffer.from(JSON.stringify(exportDocument(data, files), null, 2)), 'dati.json', { mtime });
  zip.addReadStreamLazy('riepilogo.pdf', { mtime }, (done) => {
    const doc = contactExportPdf(data, files);
    done(null, doc);
    doc.end();
  });
  const lazily = [
    ...files.map((file) => ({ ...file, read: readFile })),
    ...publicRequestFiles(data.publicRequests).map((file) => ({ ...file, read: readRequestFile })),
  ];
  for (const file of lazily) {
    zip.addReadStreamLazy(file.path, { mtime }, (done) => {
      file.read(file.id).then(
        (content) =>
          done(
            null,
            Readable.from([content ?? Buffer.from('(file non più conservato / file no longer kept)\n')], {
              objectMode: false,
            }),
          ),
        (error: unknown) => done(error, Readable.from([], { objectMode: false })),
      );
    });
  }
  zip.end();
  return zip.outputStream;
}
