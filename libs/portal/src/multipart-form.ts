import busboy from 'busboy';
import type { Request } from 'express';

import { EMPTY_FIELDS, FieldProblem, PublicRequestFields } from './public-request-form';

export interface UploadedFile {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedForm {
  fields: PublicRequestFields;
  files: UploadedFile[];
  problems: FieldProblem[];
}

export interface FormLimits {
  maxFiles: number;
  maxFileBytes: number;
  /** The whole body: fields, every file and the multipart framing. */
  maxBodyBytes: number;
}

/** A body larger than the limits allow: answered with a page, the connection closed. */
export class BodyTooLargeError extends Error {
  constructor() {
    super('public request body too large');
  }
}

const FIELD_NAMES = new Set(Object.keys(EMPTY_FIELDS));
/** Room for the longest field (10,000 characters of up to 4 bytes each) and nothing more. */
const MAX_FIELD_BYTES = 48 * 1024;

/**
 * The public form's multipart body, streamed: files past the count or the size limit are drained,
 * not kept, and named as problems; a body past `maxBodyBytes` (declared or counted) stops the
 * reading at once. An urlencoded body (a form sent without files by an old browser) is read too.
 */
export function readPublicForm(req: Request, limits: FormLimits): Promise<ParsedForm> {
  const declared = Number(req.headers['content-length']);
  if (declared > limits.maxBodyBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const fields: PublicRequestFields = { ...EMPTY_FIELDS };
    const files: UploadedFile[] = [];
    const problems: FieldProblem[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: {
          fields: 20,
          fieldSize: MAX_FIELD_BYTES,
          files: limits.maxFiles + 1,
          fileSize: limits.maxFileBytes,
          parts: 40,
        },
      });
    } catch {
      // Not multipart/form-data nor urlencoded: nothing to read, every field missing.
      req.resume();
      resolve({ fields, files, problems });
      return;
    }
    let received = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > limits.maxBodyBytes) fail(new BodyTooLargeError());
    });
    parser.on('field', (name, value) => {
      if (FIELD_NAMES.has(name)) fields[name as keyof PublicRequestFields] = value;
    });
    // Counted as parts arrive: a file's 'end' may come after the next part has begun.
    let parts = 0;
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      // An empty file input sends a part without a name: not a file.
      if (info.filename) parts += 1;
      const tooMany = name !== 'files' || parts > limits.maxFiles;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (!tooMany) chunks.push(chunk);
      });
      stream.on('end', () => {
        // An empty file input still sends a part with no name and no bytes.
        if (!info.filename && size === 0) return;
        if (tooMany) {
          if (!problems.some((p) => p.code === 'tooManyFiles'))
            problems.push({ field: 'files', code: 'tooManyFiles', params: { max: limits.maxFiles } });
          return;
        }
        if (stream.truncated) {
          problems.push({ field: 'files', code: 'fileTooLarge', params: { file: info.filename ?? '' } });
          return;
        }
        files.push({
          filename: info.filename ?? '',
          contentType: info.mimeType,
          content: Buffer.concat(chunks, size),
        });
      });
    });
    parser.on('error', (error: Error) => fail(error));
    parser.on('close', () => {
      if (!failed) resolve({ fields, files, problems });
    });
    req.pipe(parser);
  });
}
