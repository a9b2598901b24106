import type { NextFunction, Request, Response } from 'express';

import { MetricsRegistry } from './metrics.registry';

/**
 * Times every HTTP answer. The route label is the matched route pattern (`/api/tickets/:id`), so
 * the label set stays bounded whatever paths clients send; anything unmatched (static files of the
 * UI, unknown paths) is `unmatched`.
 */
export function httpMetricsMiddleware(metrics: MetricsRegistry) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stop = metrics.httpRequestDuration.startTimer();
    res.once('finish', () => {
      const path = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : null;
      // Middleware bound to every path (the request logger's /api/{*path}) is not a route either.
      const route = path && !path.includes('{*') ? path : 'unmatched';
      stop({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
