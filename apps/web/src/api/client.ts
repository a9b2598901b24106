/**
 * The one way the UI talks to the api: same origin, the session cookie, and the CSRF token
 * echoed on every state-changing request. Errors come back as ApiError with the api's message
 * (Italian / English) and, for 400s, the fields it names.
 */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: string[] = [],
    /** The api's machine-readable reason of a 409 (e.g. last_active_admin), to translate it. */
    readonly reason: string | null = null,
  ) {
    super(message);
  }
}

/** Called when a request finds the session gone (expired, signed out elsewhere). */
let onUnauthenticated: () => void = () => undefined;
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | boolean | undefined | null | string[]>;

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
  const res = await fetch(withQuery(path, init.query), {
    method,
    headers,
    body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
    credentials: 'same-origin',
    signal: init.signal,
  });
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
    throw new ApiError(res.status, String(message), fields, reason);
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
