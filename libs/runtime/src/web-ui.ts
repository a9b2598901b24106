import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import express, { NextFunction, Request, RequestHandler, Response } from 'express';

/** Paths the server answers itself; everything else that asks for HTML is the web UI's. */
const SERVER_PATHS = /^\/(api|status|privacy|richiesta)(\/|$|\.)/;

/** Where `npm run build:web` puts the UI; WEB_DIR overrides it (a CDN-less install elsewhere). */
export function webUiDirectory(): string {
  return resolve(process.env.WEB_DIR ?? join(process.cwd(), 'dist', 'web'));
}

/**
 * The built web UI: hashed assets cached for a year, and index.html (never cached) for every
 * other page path, because the UI routes on the client (/tickets/2026-000123 is a UI page).
 * Without a build, `/` says how to make one instead of a bare 404.
 */
export function webUi(directory = webUiDirectory()): RequestHandler[] {
  const index = join(directory, 'index.html');
  const assets = express.static(directory, {
    index: false,
    setHeaders: (res, path) => {
      if (path.includes(`${join(directory, 'assets')}`))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  const pages = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (!req.accepts('html')) return next();
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain')
        .send(
          'Interfaccia web non compilata: eseguire `npm run build`. API: /api/docs\n' +
            'Web UI not built: run `npm run build`. API: /api/docs\n',
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  return [(req, res, next) => (SERVER_PATHS.test(req.path) ? next() : assets(req, res, next)), pages];
}
