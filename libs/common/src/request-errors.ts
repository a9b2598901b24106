import { FieldProblem } from './domain.error';

export interface RequestProblem {
  status: number;
  body: { statusCode: number; code: string; message: string; fields: FieldProblem[] };
}

function problem(status: number, code: string, field: string, reason: string): RequestProblem {
  return {
    status,
    body: { statusCode: status, code, message: `${field}: ${reason}`, fields: [{ field, reason }] },
  };
}

/**
 * Errors about the request itself rather than its fields, raised before validation: body-parser's
 * (a body over the limit, an unsupported charset; they carry `type` and a 4xx `status`), and the
 * bare 400 Nest makes of a body that is not JSON or a path with a bad %-escape. They become the
 * same answer as every other refusal, naming what is wrong: `body` or `path`. Null for others.
 */
export function requestProblem(error: unknown, bareBadRequestMessage?: string): RequestProblem | null {
  if (bareBadRequestMessage !== undefined) {
    if (/decode param/i.test(bareBadRequestMessage)) {
      return problem(
        400,
        'VALIDATION',
        'path',
        `percorso non valido / invalid path: ${bareBadRequestMessage}`,
      );
    }
    return problem(
      400,
      'VALIDATION',
      'body',
      `il corpo deve essere un oggetto JSON valido / the body must be a valid JSON object: ${bareBadRequestMessage}`,
    );
  }
  const e = error as { type?: unknown; status?: unknown; limit?: unknown; message?: unknown } | null;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) {
    return null;
  }
  if (e.type === 'entity.too.large') {
    const limit = typeof e.limit === 'number' ? `${e.limit} byte` : 'il limite / the limit';
    return problem(413, 'TOO_LARGE', 'body', `il corpo supera ${limit} / the body is larger than ${limit}`);
  }
  return problem(e.status, 'VALIDATION', 'body', String(e.message ?? e.type));
}
