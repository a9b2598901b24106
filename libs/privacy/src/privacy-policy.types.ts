/**
 * The retention policy (issue 18.1): for each class of personal data, how many days it is kept
 * after its reference instant, and the legal minimum the configuration declares (an admin cannot
 * go below it). Plus what the record of processing and the privacy notice say.
 */
export const DATA_CLASSES = [
  'rawMail',
  'messageBodies',
  'contactDetails',
  'outboundMail',
  'auditLog',
  'sessions',
] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export interface RetentionRule {
  days: number;
  minimumDays: number;
}

export interface Bilingual {
  it: string;
  en: string;
}

export interface PrivacyPolicyDefinition {
  controller: { name: string; address: string; email: string; dpoEmail: string };
  retention: Record<DataClass, RetentionRule>;
  /** Local time (HH:MM, the calendar's zone) of the nightly retention run. */
  runAt: string;
  purposes: Bilingual[];
  recipients: Bilingual[];
  processors: { name: string; role: Bilingual }[];
  notice: Bilingual;
}

/** What each class holds and from when its days count: the record of processing and the README say the same. */
export const DATA_CLASS_DESCRIPTIONS: Record<DataClass, { it: string; en: string; from: Bilingual }> = {
  rawMail: {
    it: 'Originali delle e-mail ricevute e allegati',
    en: 'Original received e-mails and attachments',
    from: { it: 'dalla chiusura del ticket', en: 'after the ticket is resolved' },
  },
  messageBodies: {
    it: 'Oggetto, descrizione e testi dei messaggi e delle note; numeri delle chiamate del ticket',
    en: "Subject, description, message and note texts; the ticket's call numbers",
    from: { it: 'dalla chiusura del ticket', en: 'after the ticket is resolved' },
  },
  contactDetails: {
    it: 'Nome, e-mail e telefono del richiedente',
    en: "The requester's name, e-mail and phone",
    from: {
      it: "dalla chiusura dell'ultimo ticket del contatto",
      en: "after the contact's last ticket is resolved",
    },
  },
  outboundMail: {
    it: 'Copie delle e-mail inviate (destinatari, oggetto, testo)',
    en: 'Copies of sent e-mails (recipients, subject, text)',
    from: { it: "dall'invio", en: 'after sending' },
  },
  auditLog: {
    it: 'Registro delle operazioni del personale',
    en: "Log of staff's operations",
    from: { it: 'dalla registrazione', en: 'after it is recorded' },
  },
  sessions: {
    it: 'Sessioni di accesso, tentativi di accesso falliti, chiavi di idempotenza',
    en: 'Sign-in sessions, failed sign-in attempts, idempotency keys',
    from: { it: 'dalla fine della sessione', en: 'after the session ends' },
  },
};

export interface PolicyProblem {
  field: string;
  reason: string;
  /** What the UI translates: belowMinimum, minimumLowered, wholeDays, required, tooLong, unknownClass, time. */
  code: string;
  params?: Record<string, unknown>;
}

export class PrivacyPolicyError extends Error {
  constructor(readonly problems: PolicyProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  }
}

const MAX_DAYS = 36_500;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, field: string, problems: PolicyProblem[], max = 10_000): string {
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push({ field, reason: 'testo obbligatorio / text required', code: 'required' });
    return '';
  }
  if (value.length > max)
    problems.push({
      field,
      reason: `al massimo ${max} caratteri / at most ${max} characters`,
      code: 'tooLong',
      params: { max },
    });
  return value.trim();
}

function bilingual(value: unknown, field: string, problems: PolicyProblem[]): Bilingual {
  const v = isObject(value) ? value : {};
  if (!isObject(value))
    problems.push({ field, reason: 'serve {it, en} / {it, en} required', code: 'required' });
  return { it: text(v.it, `${field}.it`, problems), en: text(v.en, `${field}.en`, problems) };
}

function list<T>(
  value: unknown,
  field: string,
  problems: PolicyProblem[],
  item: (v: unknown, f: string) => T,
): T[] {
  if (!Array.isArray(value)) {
    problems.push({ field, reason: 'serve un elenco / a list is required', code: 'required' });
    return [];
  }
  return value.map((v, i) => item(v, `${field}[${i}]`));
}

/**
 * Checks a definition and returns it normalised; every problem is named with its field. A period
 * below its declared legal minimum is refused, and so is a minimum lowered below the one in force
 * (`floor`, the active policy's minimums): the minimums are the law's, not an admin's choice.
 */
export function validatePrivacyPolicy(
  input: unknown,
  floor?: Partial<Record<DataClass, number>>,
): PrivacyPolicyDefinition {
  const problems: PolicyProblem[] = [];
  const def = isObject(input) ? input : {};
  if (!isObject(input))
    problems.push({
      field: 'definition',
      reason: 'serve un oggetto / an object is required',
      code: 'required',
    });

  const c = isObject(def.controller) ? def.controller : {};
  if (!isObject(def.controller))
    problems.push({ field: 'controller', reason: 'obbligatorio / required', code: 'required' });
  const controller = {
    name: text(c.name, 'controller.name', problems, 300),
    address: text(c.address, 'controller.address', problems, 300),
    email: text(c.email, 'controller.email', problems, 300),
    dpoEmail: text(c.dpoEmail, 'controller.dpoEmail', problems, 300),
  };

  const r = isObject(def.retention) ? def.retention : {};
  if (!isObject(def.retention))
    problems.push({ field: 'retention', reason: 'obbligatorio / required', code: 'required' });
  for (const key of Object.keys(r)) {
    if (!(DATA_CLASSES as readonly string[]).includes(key)) {
      problems.push({
        field: `retention.${key}`,
        reason: 'classe di dati sconosciuta / unknown data class',
        code: 'unknownClass',
      });
    }
  }
  const retention = {} as Record<DataClass, RetentionRule>;
  for (const cls of DATA_CLASSES) {
    const field = `retention.${cls}`;
    const rule = r[cls];
    if (!isObject(rule)) {
      problems.push({ field, reason: 'obbligatorio / required', code: 'required' });
      retention[cls] = { days: 0, minimumDays: 0 };
      continue;
    }
    const days = rule.days;
    const minimumDays = rule.minimumDays;
    const whole = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= MAX_DAYS;
    if (!whole(days)) {
      problems.push({
        field: `${field}.days`,
        reason: `giorni interi tra 1 e ${MAX_DAYS} / whole days from 1 to ${MAX_DAYS}`,
        code: 'wholeDays',
        params: { min: 1, max: MAX_DAYS },
      });
    }
    if (!whole(minimumDays)) {
      problems.push({
        field: `${field}.minimumDays`,
        reason: `giorni interi tra 1 e ${MAX_DAYS} / whole days from 1 to ${MAX_DAYS}`,
        code: 'wholeDays',
        params: { min: 1, max: MAX_DAYS },
      });
    }
    if (whole(days) && whole(minimumDays) && (days as number) < (minimumDays as number)) {
      problems.push({
        field: `${field}.days`,
        reason: `sotto il minimo di legge di ${minimumDays as number} giorni / below the legal minimum of ${minimumDays as number} days`,
        code: 'belowMinimum',
        params: { min: minimumDays },
      });
    }
    const floorDays = floor?.[cls];
    if (floorDays !== undefined && whole(minimumDays) && (minimumDays as number) < floorDays) {
      problems.push({
        field: `${field}.minimumDays`,
        reason: `il minimo di legge in vigore è ${floorDays} giorni / the legal minimum in force is ${floorDays} days`,
        code: 'minimumLowered',
        params: { min: floorDays },
      });
    }
    retention[cls] = { days: days as number, minimumDays: minimumDays as number };
  }

  const runAt = typeof def.runAt === 'string' ? def.runAt : '';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(runAt)) {
    problems.push({ field: 'runAt', reason: 'ora HH:MM / time as HH:MM', code: 'time' });
  }
  const purposes = list(def.purposes, 'purposes', problems, (v, f) => bilingual(v, f, problems));
  if (Array.isArray(def.purposes) && purposes.length === 0) {
    problems.push({
      field: 'purposes',
      reason: 'almeno una finalità / at least one purpose',
      code: 'required',
    });
  }
  const recipients = list(def.recipients, 'recipients', problems, (v, f) => bilingual(v, f, problems));
  const processors = list(def.processors, 'processors', problems, (v, f) => {
    const p = isObject(v) ? v : {};
    return { name: text(p.name, `${f}.name`, problems, 300), role: bilingual(p.role, `${f}.role`, problems) };
  });
  const notice = bilingual(def.notice, 'notice', problems);

  if (problems.length > 0) throw new PrivacyPolicyError(problems);
  return { controller, retention, runAt, purposes, recipients, processors, notice };
}
