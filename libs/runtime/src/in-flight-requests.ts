import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** Live streams stay open for as long as the browser does: a drain never waits for them. */
const STREAMS = ['/api/events'];

/**
 * Counts the HTTP requests in progress, so that a stopping api lets them finish; while it drains,
 * every answer says `Connection: close`, so keep-alive clients take their next request elsewhere.
 */
export class InFlightRequests {
  private readonly inProgress = new Set<Response>();
  private draining = false;

  get count(): number {
    return this.inProgress.size;
  }

  startDraining(): void {
    this.draining = true;
    for (const res of this.inProgress) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      if (this.draining) res.setHeader('Connection', 'close');
      if (STREAMS.some((path) => req.path === path)) return next();
      this.inProgress.add(res);
      res.once('close', () => this.inProgress.delete(res));
      next();
    };
  }
}

const byApp = new WeakMap<INestApplication, InFlightRequests>();

/** The counter configureHttpApp installed on this app (one per HTTP app). */
export function inFlightRequestsOf(app: INestApplication): InFlightRequests {
  let counter = byApp.get(app);
  if (!counter) {
    counter = new InFlightRequests();
    byApp.set(app, counter);
  }
  return counter;
}
