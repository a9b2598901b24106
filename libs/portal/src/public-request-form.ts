/**
 * The public request form's fields and their checks (issue 20.1). Pure: the controller parses the
 * multipart body into these, the pages render the problems in the visitor's language.
 */

export type PublicLanguage = 'it' | 'en';

export interface PublicRequestFields {
  name: string;
  email: string;
  phone: string;
  ente: string;
  category: string;
  subject: string;
  description: string;
  /** The privacy notice accepted ("on" from the checkbox). */
  privacy: string;
  /** The honeypot: hidden from people, filled by bots. */
  website: string;
  /** The signed form token: when the form was served. */
  formToken: string;
}

export const EMPTY_FIELDS: PublicRequestFields = {
  name: '',
  email: '',
  phone: '',
  ente: '',
  category: '',
  subject: '',
  description: '',
  privacy: '',
  website: '',
  formToken: '',
};

export type FieldName =
  'name' | 'email' | 'phone' | 'ente' | 'category' | 'subject' | 'description' | 'privacy' | 'files';

export type ProblemCode =
  | 'required'
  | 'tooLong'
  | 'invalidEmail'
  | 'invalidPhone'
  | 'unknownEnte'
  | 'unknownCategory'
  | 'notAccepted'
  | 'tooManyFiles'
  | 'fileTooLarge'
  | 'filesTooLarge'
  | 'fileRefused';

export interface FieldProblem {
  field: FieldName;
  code: ProblemCode;
  params?: Record<string, string | number>;
}

export const LIMITS = { name: 120, email: 254, phone: 40, subject: 200, description: 10_000 } as const;

/** A plain address: one @, a dotted domain, no spaces or angle brackets (what a person types). */
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]{2,}$/;
/** Digits with the usual separators and an optional leading +. */
const PHONE = /^\+?[0-9][0-9 ./-]{4,38}$/;

/** Text as it will be stored: NFC, no control characters but newlines and tabs, trimmed. */
export function cleanText(value: string, multiline = false): string {
  const normal = value.normalize('NFC').replace(/\r\n?/g, '\n');
  // Control characters are exactly what is removed here (multi-line text keeps \t and \n).
  const controls = multiline
    ? // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000b-\u001f\u007f]/g
    : // eslint-disable-next-line no-control-regex
      /[\u0000-\u001f\u007f]/g;
  const stripped = normal.replace(controls, ' ');
  return stripped.trim();
}

export interface CheckedRequest {
  name: string;
  email: string;
  phone: string | null;
  enteId: string | null;
  categoryId: string | null;
  subject: string;
  description: string;
}

/**
 * The form's problems (each field once, in the form's order) or the request to store. `entes` and
 * `categories` are the active ones, by id; the ente may also be given by its code (an embedding
 * link `?ente=CODE`). HTML in a field is kept as text: it is never rendered as markup.
 */
export function checkRequest(
  fields: PublicRequestFields,
  entes: ReadonlyMap<string, string>,
  categories: ReadonlySet<string>,
): { problems: FieldProblem[]; request: CheckedRequest | null } {
  const problems: FieldProblem[] = [];
  const text = (field: 'name' | 'subject', max: number) => {
    const value = cleanText(fields[field]);
    if (!value) problems.push({ field, code: 'required' });
    else if (value.length > max) problems.push({ field, code: 'tooLong', params: { max } });
    return value;
  };
  const name = text('name', LIMITS.name);
  const email = cleanText(fields.email).toLowerCase();
  if (!email) problems.push({ field: 'email', code: 'required' });
  else if (email.length > LIMITS.email || !EMAIL.test(email))
    problems.push({ field: 'email', code: 'invalidEmail' });
  const phone = cleanText(fields.phone);
  if (phone && !PHONE.test(phone)) problems.push({ field: 'phone', code: 'invalidPhone' });
  const enteKey = cleanText(fields.ente);
  const enteId = enteKey ? (entes.get(enteKey) ?? entes.get(enteKey.toUpperCase()) ?? null) : null;
  if (!enteKey) problems.push({ field: 'ente', code: 'required' });
  else if (!enteId) problems.push({ field: 'ente', code: 'unknownEnte' });
  const categoryKey = cleanText(fields.category);
  if (categoryKey && !categories.has(categoryKey))
    problems.push({ field: 'category', code: 'unknownCategory' });
  const subject = text('subject', LIMITS.subject);
  const description = cleanText(fields.description, true);
  if (!description) problems.push({ field: 'description', code: 'required' });
  else if (description.length > LIMITS.description)
    problems.push({ field: 'description', code: 'tooLong', params: { max: LIMITS.description } });
  if (fields.privacy !== 'on') problems.push({ field: 'privacy', code: 'notAccepted' });
  if (problems.length) return { problems, request: null };
  return {
    problems,
    request: {
      name,
      email,
      phone: phone || null,
      enteId,
      categoryId: categoryKey || null,
      subject,
      description,
    },
  };
}
