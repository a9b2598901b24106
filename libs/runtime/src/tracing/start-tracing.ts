import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** Probes and scrapes would be most of the traces and say nothing. */
const UNTRACED_PATHS = ['/api/health', '/api/metrics', '/api/events'];

let provider: NodeTracerProvider | null = null;

/** Whether the environment asks for traces: an OTLP endpoint, and no OTEL_TRACES_EXPORTER=none. */
export function tracingWanted(env: NodeJS.ProcessEnv): boolean {
  if (env.OTEL_TRACES_EXPORTER === 'none' || env.OTEL_SDK_DISABLED === 'true') return false;
  return !!(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * OpenTelemetry traces, off by default: spans for HTTP, Express, PostgreSQL and Redis (BullMQ)
 * from the instrumentations, and the help desk's own (IMAP fetch, ingestion, SMTP) from inSpan.
 * Must run before those libraries are loaded: the entry points import `tracing/bootstrap` first.
 * The exporter follows the standard OTEL_EXPORTER_OTLP_* variables (http/protobuf or http/json).
 */
export function startTracing(
  env: NodeJS.ProcessEnv = process.env,
  processors: SpanProcessor[] = [new BatchSpanProcessor(new OTLPTraceExporter())],
): NodeTracerProvider {
  if (provider) return provider;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? 'helpdesk' }),
    spanProcessors: processors,
  });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.some((p) => (req.url ?? '').startsWith(p)),
      }),
      new ExpressInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
    ],
  });
  return provider;
}

/** Sends the spans still buffered (a stopping process), then stops the provider. */
export async function stopTracing(): Promise<void> {
  const current = provider;
  provider = null;
  await current?.shutdown();
}
