import { createServer, Server } from 'node:http';

import { Logger } from '@nestjs/common';

import { MetricsRegistry } from './metrics.registry';

/**
 * `GET /metrics` on a port of its own (METRICS_PORT, bound to METRICS_HOST, loopback by default):
 * Prometheus scrapes every api and worker process directly, and nothing else is served there. A
 * port already taken is logged, never fatal: the help desk matters more than its metrics.
 */
export function startMetricsServer(
  metrics: MetricsRegistry,
  host: string,
  port: number,
): Promise<Server | null> {
  const logger = new Logger('Metrics');
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found: GET /metrics\n');
      return;
    }
    metrics.text().then(
      (text) =>
        res.writeHead(200, { 'content-type': metrics.contentType(), 'cache-control': 'no-store' }).end(text),
      (error: Error) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error.message}\n`),
    );
  });
  return new Promise((resolve) => {
    server.once('error', (error) => {
      logger.error(`Metrics not served on ${host}:${port}: ${error.message}`);
      resolve(null);
    });
    server.listen(port, host, () => {
      server.unref();
      resolve(server);
    });
  });
}
