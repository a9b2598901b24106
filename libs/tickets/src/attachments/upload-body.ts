import { createHash } from 'node:crypto';

import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';

export interface UploadedBody {
  content: Buffer;
  sha256: string;
}

/**
 * Reads an upload's body straight from the request stream (no body parser buffered it first),
 * hashing as it arrives, and refuses it with 413 as soon as it is larger than `maxBytes`: at once
 * when Content-Length says so, or at the first chunk past the limit, without reading the rest.
 * So the api never holds more than `maxBytes` of one upload.
 */
export function readUpload(req: Request, maxBytes: number, tooLarge: string): Promise<UploadedBody> {
  const refuse = () => {
    // The client may still be sending: the answer closes the connection instead of draining it.
    req.res?.setHeader('Connection', 'close');
    return new PayloadTooLargeException(tooLarge);
  };
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return Promise.reject(refuse());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    const stop = (error: Error) => {
      req.removeListener('data', onData);
      req.pause();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) return stop(refuse());
      hash.update(chunk);
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve({ content: Buffer.concat(chunks, size), sha256: hash.digest('hex') }));
    req.once('error', stop);
  });
}
