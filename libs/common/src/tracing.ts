import { Attributes, Span, SpanStatusCode, trace } from '@opentelemetry/api';

/**
 * Runs `work` inside a span named `name` (a child of the active one), ending it with the outcome.
 * Without a tracer provider (tracing is off by default) the API hands out no-op spans: the cost
 * is a function call. Attributes carry ids and counts, never personal data.
 */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  return trace.getTracer('helpdesk').startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
      throw error;
    } finally {
      span.end();
    }
  });
}
