import { AppConfig } from '@app/config';
import { MetricsService, startMetricsServer } from '@app/metrics';
import { INestApplicationContext } from '@nestjs/common';

/** Serves this process's metrics on METRICS_PORT when it is set (api, worker and all-in-one alike). */
export async function serveMetrics(app: INestApplicationContext, config: AppConfig): Promise<string | null> {
  if (!config.METRICS_PORT) return null;
  const server = await startMetricsServer(app.get(MetricsService), config.METRICS_HOST, config.METRICS_PORT);
  return server ? `http://${config.METRICS_HOST}:${config.METRICS_PORT}/metrics` : null;
}
