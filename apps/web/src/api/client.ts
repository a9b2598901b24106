/**
 * The one way the UI talks to the api: same origin, the session cookie, and the CSRF token
 * echoed on every state-changing request. Errors come back as ApiError with the api's message
 * (Italian / English) and, for 400s, the fields it names.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** One refused field of a 400: its path, the api's code for what is wrong and the rule's figures. */
export interface FieldProblem {
  field: string;
  code?: string;
  params?: Record<string, unknown>;
  /** The api's own words ("Italian / English"), for a rule the UI has no code for. */
  reason?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: string[] = [],
    /** The api's machine-readable reason of a 409 (e.g. last_active_admin), to translate it. */
    readonly reason: string | null = null,
    /** Each refused field with its code, to say it in the user's language next to the field. */
    readonly problems: FieldProblem[] = [],
    /** The whole answer's body, for a refusal that says more than its message (a 409's ticket numbers). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Called when a request finds the session gone (expired, signed out elsewhere). */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

export type Query = Record<string, string | number | boolean | undefined | null | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

/** A fresh Idempotency-Key (crypto.randomUUID needs a secure context; plain-http intranets have none). */
function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Pauses before each retry of a POST whose answer did not arrive. */
const RETRY_DELAYS_MS = [500, 1_000, 2_000, 4_000];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * fetch, and for a POST the same request again with the same Idempotency-Key while the answer
 * does not arrive (network error), the api is unavailable (503) or the first attempt still runs
 * (409 idempotency_in_flight): the api answers a repeat with the first answer, never a second
 * ticket, reply or note.
 */
async function send(url: string, init: RequestInit, retry: boolean): Promise<Response> {
  for (let attempt = 0; ; attempt++) {
    const last = !retry || attempt >= RETRY_DELAYS_MS.length || init.signal?.aborted;
    try {
      const res = await fetch(url, init);
      const busy =
        res.status === 503 ||
        (res.status === 409 &&
          (
            await res
              .clone()
              .json()
              .catch(() => ({}))
          ).reason === 'idempotency_in_flight');
      if (!busy || last) return res;
    } catch (error) {
      if (last) throw error;
    }
    await sleep(RETRY_DELAYS_MS[attempt]);
  }
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  init: { query?: Query; signal?: AbortSignal; contentType?: string } = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const raw = init.contentType !== undefined;
  if (body !== undefined) headers['Content-Type'] = init.contentType ?? 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  // One key per submission: every retry of this call carries the same one.
  const creating = method === 'POST' && path !== '/api/auth/login';
  if (creating) headers['Idempotency-Key'] = newIdempotencyKey();
  const res = await send(
    withQuery(path, init.query),
    {
      method,
      headers,
      body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
      credentials: 'same-origin',
      signal: init.signal,
    },
    creating,
  );
  if (res.status === 204) return undefined as T;
  const data = res.headers.get('content-type')?.includes('json') ? await res.json() : await res.text();
  if (!res.ok) {
    if (res.status === 401 && path !== '/api/auth/login') onUnauthenticated();
    const message = Array.isArray(data?.message)
      ? data.message.join('; ')
      : (data?.message ?? res.statusText);
    const fields: string[] = Array.isArray(data?.fields)
      ? data.fields.map((f: { field?: string } | string) => (typeof f === 'string' ? f : (f.field ?? '')))
      : [];
    const reason = typeof data?.reason === 'string' ? data.reason : null;
    const problems: FieldProblem[] = Array.isArray(data?.fields)
      ? (data.fields as unknown[]).flatMap((f) =>
          f && typeof f === 'object' && typeof (f as FieldProblem).field === 'string'
            ? [f as FieldProblem]
            : [],
        )
      : [];
    const details = data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
    throw new ApiError(res.status, String(message), fields, reason, problems, details);
  }
  return data as T;
}

export const get = <T>(path: string, query?: Query, signal?: AbortSignal) =>
  api<T>('GET', path, undefined, { query, signal });
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
/** A file as the raw request body (an attachment for an answer). */
export const uploadFile = <T>(path: string, file: File) =>
  api<T>('POST', path, file, {
    query: { filename: file.name },
    contentType: file.type || 'application/octet-stream',
  });

/** A text body as is (a CSV upload). */
export const postText = <T>(path: string, text: string, contentType: string, query?: Query) =>
  api<T>('POST', path, text, { query, contentType });
export const del = <T>(path: string) => api<T>('DELETE', path);
