import type { IncomingMessage, Server, ServerResponse } from 'node:http';

import { RequestGate } from '@app/auth';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json, urlencoded } from 'express';

import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

/** What an anonymous caller may send: sign-in, the only public route with a body, needs a few hundred bytes. */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;
/** What a signed-in caller or a machine token may send as JSON or a form. */
export const SIGNED_IN_BODY_LIMIT = 2 * 1024 * 1024;

/** Uploads one user may have in progress at once (each holds up to MAIL_MAX_ATTACHMENT_MB). */
export const UPLOADS_AT_ONCE = 2;

/** The routes whose bodies may be large: where they are mounted, and the POSTs a gate guards. */
export const LARGE_BODY_ROUTES = [
  { mount: '/api/tickets/:id/attachments', post: /^\/api\/tickets\/[^/]+\/attachments\/?(\?|$)/ },
  { mount: '/api/admin/import', post: /^\/api\/admin\/import\// },
] as const;

/**
 * Node answers "Expect: 100-continue" by itself unless told otherwise, inviting the body before
 * anyone knows who sends it. Here the gated routes say "continue" only once the caller is allowed
 * (RequestGate.beforeBody); every other request is invited at once, as before.
 */
export function deferContinueToGates(server: Server, routes: readonly { post: RegExp }[]): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const gated = req.method === 'POST' && routes.some((route) => route.post.test(req.url ?? ''));
    if (!gated) res.writeContinue();
    server.emit('request', req, res);
  });
}

/** Set on uploads the controller streams: no body parser touches them. */
const STREAMED = Symbol('body streamed by the controller');

/** Leaves an upload's body in the request stream for the controller (see bodyParsers). */
export function leaveBodyToController(req: Request, _res: Response, next: NextFunction): void {
  if (req.method === 'POST') (req as Request & { [STREAMED]?: boolean })[STREAMED] = true;
  next();
}

/** body-parser's `verify` hook, run on the raw bytes before JSON.parse sees them. */
function refuseDeepJson(_req: unknown, _res: unknown, body: Buffer): void {
  if (exceedsJsonDepth(body)) {
    // body-parser turns this into a 400 of type entity.too.deep (DomainErrorFilter names `body`).
    throw Object.assign(
      new Error(
        `il JSON annida più di ${MAX_JSON_DEPTH} livelli / the JSON nests more than ${MAX_JSON_DEPTH} levels`,
      ),
      { status: 400, type: 'entity.too.deep' },
    );
  }
}

function sizedParser(type: 'json' | 'urlencoded', gate: RequestGate, name: string): RequestHandler {
  const upTo = (limit: number) =>
    type === 'json' ? json({ limit, verify: refuseDeepJson }) : urlencoded({ extended: false, limit });
  const small = upTo(ANONYMOUS_BODY_LIMIT);
  const large = upTo(SIGNED_IN_BODY_LIMIT);
  const parser = (req: Request, res: Response, next: NextFunction) => {
    if ((req as Request & { [STREAMED]?: boolean })[STREAMED]) return next();
    const declared = Number(req.headers['content-length']);
    const mayBeLarge =
      (req.headers['transfer-encoding'] !== undefined || declared > ANONYMOUS_BODY_LIMIT) &&
      typeof req.is(type) === 'string';
    if (!mayBeLarge) return small(req, res, next);
    gate.caller(req).then(
      (caller) => (caller ? large : small)(req, res, next),
      (error: unknown) => next(error),
    );
  };
  // Named as Express's own parsers, so that Nest adds no default parsers of its own after these
  // (ExpressAdapter.isMiddlewareApplied looks for these names), which would parse uploads.
  return Object.defineProperty(parser, 'name', { value: name });
}

/**
 * JSON and form bodies on every path, unknown ones included: never deeper than MAX_JSON_DEPTH
 * (400), and larger than ANONYMOUS_BODY_LIMIT only for a caller whose session or token is valid
 * (413 otherwise). Who the caller is gets looked up only when the body may be that large, so
 * ordinary requests cost nothing more.
 */
export function bodyParsers(gate: RequestGate): RequestHandler[] {
  return [sizedParser('json', gate, 'jsonParser'), sizedParser('urlencoded', gate, 'urlencodedParser')];
}
