import { escapeHtml } from '@app/common';
import { DateTime } from 'luxon';

import type { FollowView } from './follow.service';
import type {
  FieldName,
  FieldProblem,
  ProblemCode,
  PublicLanguage,
  PublicRequestFields,
} from './public-request-form';
import { LIMITS } from './public-request-form';

/**
 * The citizens' public pages (issue 20), rendered on the server: plain HTML forms that work without
 * scripts, in Italian or English, following the conventions of Italian public-administration sites
 * (a skip link, one h1, labels on every field, errors listed first and linked to their fields,
 * visible focus, no meaning by colour alone).
 */

const WORDS = {
  it: {
    skip: 'Vai al contenuto',
    site: 'Centro Servizi Tecnologico',
    other: { code: 'en', label: 'English' },
    title: 'Invia una richiesta di assistenza',
    intro:
      'Con questo modulo può segnalare un problema o chiedere assistenza al Centro Servizi. Le invieremo una e-mail per confermare l’indirizzo: la richiesta viene registrata quando apre il link ricevuto.',
    requiredNote: 'I campi con * sono obbligatori.',
    fields: {
      name: 'Nome e cognome',
      email: 'Indirizzo e-mail',
      phone: 'Telefono',
      ente: 'Comune o ente',
      category: 'Argomento',
      subject: 'Oggetto',
      description: 'Descrizione del problema',
      privacy: 'Ho letto l’informativa sul trattamento dei dati personali',
      files: 'Allegati',
    } satisfies Record<FieldName, string>,
    hints: {
      email: 'Le scriveremo a questo indirizzo per confermare la richiesta e per le risposte.',
      phone: 'Facoltativo: per essere richiamati.',
      description: 'Descriva cosa succede, da quando e cosa stava facendo.',
      files: (n: number, mb: number) => `Facoltativi: fino a ${n} file, ${mb} MB ciascuno.`,
    },
    choose: 'Scelga…',
    noCategory: 'Non so / altro',
    privacyLink: 'Leggi l’informativa privacy (si apre in una nuova scheda)',
    errorPrefix: 'Errore:',
    honeypot: 'Non compilare questo campo',
    send: 'Invia la richiesta',
    errorsTitle: (n: number) => (n === 1 ? 'C’è un errore nel modulo' : `Ci sono ${n} errori nel modulo`),
    problems: {
      required: 'Campo obbligatorio.',
      tooLong: 'Troppo lungo: al massimo {max} caratteri.',
      invalidEmail: 'Indirizzo e-mail non valido (esempio: nome@dominio.it).',
      invalidPhone: 'Numero di telefono non valido: solo cifre, spazi e il + iniziale.',
      unknownEnte: 'Scelga un comune o ente dall’elenco.',
      unknownCategory: 'Scelga un argomento dall’elenco.',
      notAccepted: 'Per inviare la richiesta deve dichiarare di aver letto l’informativa.',
      tooManyFiles: 'Troppi allegati: al massimo {max}.',
      fileTooLarge: 'Il file «{file}» supera il limite di {limit}.',
      filesTooLarge: 'Gli allegati insieme superano il limite di {limit}.',
      fileRefused: 'Il file «{file}» non è accettato: {reason}.',
    } satisfies Record<ProblemCode, string>,
    expiredForm:
      'Il modulo è rimasto aperto troppo a lungo o è stato inviato troppo in fretta: controlli i dati e lo invii di nuovo.',
    sentTitle: 'Controlli la sua e-mail',
    sent: (email: string, hours: number) =>
      `Le abbiamo inviato un messaggio all’indirizzo ${email}. Apra il link che contiene entro ${hours} ore per confermare la richiesta: solo allora sarà registrata. Se non lo trova, guardi nella posta indesiderata.`,
    confirmTitle: 'Confermi la richiesta',
    confirmText: (subject: string) => `Confermi l’invio della richiesta «${subject}».`,
    confirmButton: 'Conferma la richiesta',
    confirmedTitle: 'Richiesta registrata',
    confirmed: (number: string) =>
      `La sua richiesta è registrata con il numero ${number}. Le abbiamo inviato una e-mail di conferma; per aggiungere informazioni risponda a quella e-mail.`,
    badLinkTitle: 'Link non valido o scaduto',
    badLink:
      'Questo link non è valido o è scaduto. Se la richiesta non era stata confermata, la invii di nuovo dal modulo.',
    newRequest: 'Invia una nuova richiesta',
    refusedTitle: 'Richiesta non accettata',
    refused: {
      perAddress: 'Da questa connessione sono arrivate troppe richieste nell’ultima ora. Riprovi più tardi.',
      perEmail:
        'Per questo indirizzo e-mail sono arrivate troppe richieste oggi. Riprovi domani o ci scriva per e-mail.',
      burst: 'In questo momento riceviamo moltissime richieste. Riprovi tra un minuto.',
      robot:
        'Il modulo sembra compilato da un programma automatico (un campo nascosto era pieno). Se è una persona, lo compili di nuovo.',
      tooLarge: 'La richiesta è troppo grande. Riduca gli allegati e riprovi.',
    },
    retry: (s: number) => `Potrà riprovare tra ${s} secondi.`,
    footer: 'Stato dei servizi',
    privacy: 'Informativa privacy',
  },
  en: {
    skip: 'Skip to content',
    site: 'Centro Servizi Tecnologico',
    other: { code: 'it', label: 'Italiano' },
    title: 'Send a support request',
    intro:
      'Use this form to report a problem or ask the service centre for help. We will send you an e-mail to confirm your address: the request is registered when you open the link it contains.',
    requiredNote: 'Fields marked * are required.',
    fields: {
      name: 'Full name',
      email: 'E-mail address',
      phone: 'Phone',
      ente: 'Municipality or body',
      category: 'Topic',
      subject: 'Subject',
      description: 'Description of the problem',
      privacy: 'I have read the privacy notice',
      files: 'Attachments',
    } satisfies Record<FieldName, string>,
    hints: {
      email: 'We will write to this address to confirm the request and with our answers.',
      phone: 'Optional: to be called back.',
      description: 'Describe what happens, since when and what you were doing.',
      files: (n: number, mb: number) => `Optional: up to ${n} files, ${mb} MB each.`,
    },
    choose: 'Choose…',
    noCategory: 'Not sure / other',
    privacyLink: 'Read the privacy notice (opens in a new tab)',
    errorPrefix: 'Error:',
    honeypot: 'Do not fill in this field',
    send: 'Send the request',
    errorsTitle: (n: number) =>
      n === 1 ? 'There is an error in the form' : `There are ${n} errors in the form`,
    problems: {
      required: 'Required.',
      tooLong: 'Too long: at most {max} characters.',
      invalidEmail: 'Not a valid e-mail address (for example: name@domain.it).',
      invalidPhone: 'Not a valid phone number: digits, spaces and a leading + only.',
      unknownEnte: 'Choose a municipality or body from the list.',
      unknownCategory: 'Choose a topic from the list.',
      notAccepted: 'To send the request, confirm that you have read the privacy notice.',
      tooManyFiles: 'Too many attachments: at most {max}.',
      fileTooLarge: 'The file “{file}” is larger than {limit}.',
      filesTooLarge: 'The attachments together are larger than {limit}.',
      fileRefused: 'The file “{file}” is not accepted: {reason}.',
    } satisfies Record<ProblemCode, string>,
    expiredForm: 'The form was open too long or sent too quickly: check your details and send it again.',
    sentTitle: 'Check your e-mail',
    sent: (email: string, hours: number) =>
      `We have sent a message to ${email}. Open the link it contains within ${hours} hours to confirm the request: only then is it registered. If you cannot find it, look in your spam folder.`,
    confirmTitle: 'Confirm the request',
    confirmText: (subject: string) => `Confirm that you want to send the request “${subject}”.`,
    confirmButton: 'Confirm the request',
    confirmedTitle: 'Request registered',
    confirmed: (number: string) =>
      `Your request is registered as number ${number}. We have sent you a confirmation e-mail; to add information, reply to it.`,
    badLinkTitle: 'Invalid or expired link',
    badLink:
      'This link is not valid or has expired. If the request had not been confirmed, send it again from the form.',
    newRequest: 'Send a new request',
    refusedTitle: 'Request not accepted',
    refused: {
      perAddress:
        'Too many requests have come from this connection in the last hour. Please try again later.',
      perEmail:
        'Too many requests have come for this e-mail address today. Try again tomorrow or write to us by e-mail.',
      burst: 'We are receiving a great many requests right now. Please try again in a minute.',
      robot:
        'The form looks filled in by an automated program (a hidden field was filled). If you are a person, fill it in again.',
      tooLarge: 'The request is too large. Reduce the attachments and try again.',
    },
    retry: (s: number) => `You can try again in ${s} seconds.`,
    footer: 'Service status',
    privacy: 'Privacy notice',
  },
};

export type RefusalReason = keyof (typeof WORDS)['it']['refused'];

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",Geneva,Tahoma,sans-serif;font-size:1.125rem;line-height:1.55;color:#1a1a1a;background:#fff}
a{color:#0059b3}
a:focus,button:focus,input:focus,select:focus,textarea:focus{outline:3px solid #f90;outline-offset:2px;box-shadow:0 0 0 2px #1a1a1a}
main:focus{outline:none}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.skip{position:absolute;left:-9999px;top:0;background:#fff;padding:.5rem 1rem;z-index:10}
.skip:focus{left:1rem}
header{background:#0066cc;color:#fff;padding:1rem 1.5rem;display:flex;justify-content:space-between;align-items:center;gap:1rem;flex-wrap:wrap}
header a{color:#fff}
header .site{font-weight:700;font-size:1.25rem}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:2rem;line-height:1.2;margin:.5rem 0 1rem}
.field{margin:0 0 1.25rem}
label,legend{display:block;font-weight:600;margin-bottom:.25rem}
.hint{display:block;color:#404040;font-size:1rem;margin-bottom:.25rem}
input[type=text],input[type=email],input[type=tel],select,textarea{width:100%;font:inherit;padding:.5rem;border:2px solid #5c6f82;border-radius:4px;background:#fff;color:#1a1a1a}
textarea{min-height:10rem}
input[type=file]{font:inherit;font-size:1rem;max-width:100%}
.invalid input,.invalid select,.invalid textarea{border-color:#b30000;border-width:3px}
.error{display:block;color:#b30000;font-weight:600}
.error::before{content:"⚠ "}
.check{display:flex;gap:.5rem;align-items:flex-start}
.check input{width:1.5rem;height:1.5rem;margin-top:.15rem;flex:none}
.check label{margin:0}
.summary{border:3px solid #b30000;padding:1rem 1.25rem;margin-bottom:1.5rem}
.summary h2{margin-top:0;font-size:1.25rem}
.notice{border-left:6px solid #0066cc;background:#f0f6fc;padding:1rem 1.25rem;margin-bottom:1.5rem}
.hp{position:absolute;left:-9999px;width:1px;height:1px;overflow:hidden}
button{font:inherit;font-weight:700;background:#0066cc;color:#fff;border:0;border-radius:4px;padding:.75rem 1.5rem;cursor:pointer}
button:hover{background:#004d99}
footer{max-width:46rem;margin:2rem auto;padding:1rem 1.5rem;border-top:1px solid #ccc;font-size:1rem}
footer a{margin-right:1.5rem}
`;

function layout(
  lang: PublicLanguage,
  title: string,
  body: string,
  otherLanguageHref: string,
  extraStyle = '',
): string {
  const w = WORDS[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(w.site)}</title>
<style>${STYLE}${extraStyle}</style>
</head>
<body>
<a class="skip" href="#main">${w.skip}</a>
<header>
<span class="site">${escapeHtml(w.site)}</span>
<a href="${escapeHtml(otherLanguageHref)}" lang="${w.other.code}" hreflang="${w.other.code}">${w.other.label}</a>
</header>
<main id="main" tabindex="-1">
${body}
</main>
<footer><a href="/status${lang === 'en' ? '?lang=en' : ''}">${w.footer}</a><a href="/privacy${lang === 'en' ? '?lang=en' : ''}">${w.privacy}</a></footer>
</body>
</html>`;
}

/** A problem in words, its {placeholders} filled. */
export function problemText(lang: PublicLanguage, p: FieldProblem): string {
  return WORDS[lang].problems[p.code].replace(/\{(\w+)\}/g, (_, key: string) =>
    String(p.params?.[key] ?? ''),
  );
}

export interface FormPageInput {
  lang: PublicLanguage;
  fields: PublicRequestFields;
  problems: readonly FieldProblem[];
  /** A message above the form (an expired form sent again). */
  notice?: string;
  entes: readonly { id: string; code: string; name: string }[];
  categories: readonly { id: string; name: string }[];
  formToken: string;
  maxFiles: number;
  maxFileMb: number;
  /** The ente chosen by an embedding link (?ente=CODE). */
  preselectedEnte?: string;
}

export function formPage(input: FormPageInput): string {
  const { lang, fields, problems } = input;
  const w = WORDS[lang];
  const byField = new Map<FieldName, FieldProblem>();
  for (const p of problems) if (!byField.has(p.field)) byField.set(p.field, p);
  const errorId = (f: FieldName) => `${f}-error`;
  const error = (f: FieldName) => {
    const p = byField.get(f);
    // "Errore:" read before the message, so the error is said in words and not by its colour alone.
    return p
      ? `<span class="error" id="${errorId(f)}"><span class="sr-only">${w.errorPrefix} </span>${escapeHtml(problemText(lang, p))}</span>`
      : '';
  };
  const describedBy = (f: FieldName, hint: boolean) =>
    [hint ? `${f}-hint` : '', byField.has(f) ? errorId(f) : ''].filter(Boolean).join(' ');
  const attrs = (f: FieldName, hint = false) => {
    const ids = describedBy(f, hint);
    return `${ids ? ` aria-describedby="${ids}"` : ''}${byField.has(f) ? ' aria-invalid="true"' : ''}`;
  };
  const cls = (f: FieldName) => (byField.has(f) ? 'field invalid' : 'field');
  const value = (s: string) => escapeHtml(s);
  const hint = (f: FieldName, text: string) => `<span class="hint" id="${f}-hint">${escapeHtml(text)}</span>`;
  const input1 = (
    f: 'name' | 'email' | 'phone' | 'subject',
    type: string,
    autocomplete: string,
    required: boolean,
    max: number,
    hintText?: string,
  ) =>
    `<div class="${cls(f)}">
<label for="${f}">${w.fields[f]}${required ? ' *' : ''}</label>
${hintText ? hint(f, hintText) : ''}${error(f)}
<input type="${type}" id="${f}" name="${f}" value="${value(fields[f])}" autocomplete="${autocomplete}" maxlength="${max}"${required ? ' required' : ''}${attrs(f, !!hintText)}>
</div>`;
  const chosenEnte = fields.ente || input.preselectedEnte || '';
  const enteOptions = input.entes
    .map(
      (e) =>
        `<option value="${e.id}"${chosenEnte === e.id || chosenEnte.toUpperCase() === e.code.toUpperCase() ? ' selected' : ''}>${escapeHtml(e.name)}</option>`,
    )
    .join('');
  const categoryOptions = input.categories
    .map(
      (c) =>
        `<option value="${c.id}"${fields.category === c.id ? ' selected' : ''}>${escapeHtml(c.name)}</option>`,
    )
    .join('');
  const summary = problems.length
    ? `<div class="summary" role="alert" aria-labelledby="errors-title" tabindex="-1" id="errors" autofocus>
<h2 id="errors-title">${escapeHtml(w.errorsTitle(byField.size))}</h2>
<ul>${[...byField.values()].map((p) => `<li><a href="#${p.field}">${escapeHtml(w.fields[p.field])}: ${escapeHtml(problemText(lang, p))}</a></li>`).join('')}</ul>
</div>`
    : '';
  const notice = input.notice ? `<div class="notice" role="status">${escapeHtml(input.notice)}</div>` : '';
  const query = (l: PublicLanguage) => {
    const q = new URLSearchParams();
    if (l === 'en') q.set('lang', 'en');
    if (input.preselectedEnte) q.set('ente', input.preselectedEnte);
    const s = q.toString();
    return `/richiesta${s ? `?${s}` : ''}`;
  };
  const body = `<h1>${w.title}</h1>
<p>${escapeHtml(w.intro)}</p>
${summary}${notice}
<p>${w.requiredNote}</p>
<form method="post" action="${query(lang)}" enctype="multipart/form-data" novalidate>
<input type="hidden" name="formToken" value="${value(input.formToken)}">
${input1('name', 'text', 'name', true, LIMITS.name)}
${input1('email', 'email', 'email', true, LIMITS.email, w.hints.email)}
${input1('phone', 'tel', 'tel', false, LIMITS.phone, w.hints.phone)}
<div class="${cls('ente')}">
<label for="ente">${w.fields.ente} *</label>${error('ente')}
<select id="ente" name="ente" required${attrs('ente')}><option value="">${w.choose}</option>${enteOptions}</select>
</div>
<div class="${cls('category')}">
<label for="category">${w.fields.category}</label>${error('category')}
<select id="category" name="category"${attrs('category')}><option value="">${w.noCategory}</option>${categoryOptions}</select>
</div>
${input1('subject', 'text', 'off', true, LIMITS.subject)}
<div class="${cls('description')}">
<label for="description">${w.fields.description} *</label>
${hint('description', w.hints.description)}${error('description')}
<textarea id="description" name="description" maxlength="${LIMITS.description}" required${attrs('description', true)}>${value(fields.description)}</textarea>
</div>
<div class="${cls('files')}">
<label for="files">${w.fields.files}</label>
${hint('files', w.hints.files(input.maxFiles, input.maxFileMb))}${error('files')}
<input type="file" id="files" name="files" multiple${attrs('files', true)}>
</div>
<div class="hp" aria-hidden="true"><label for="website">${w.honeypot}</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off" value=""></div>
<div class="${cls('privacy')}">
<span class="hint" id="privacy-hint"><a href="/privacy${lang === 'en' ? '?lang=en' : ''}" target="_blank" rel="noopener">${w.privacyLink}</a></span>
${error('privacy')}
<div class="check"><input type="checkbox" id="privacy" name="privacy" value="on"${fields.privacy === 'on' ? ' checked' : ''} required${attrs('privacy', true)}>
<label for="privacy">${w.fields.privacy} *</label></div>
</div>
<button type="submit">${w.send}</button>
</form>`;
  return layout(
    lang,
    problems.length ? `${w.errorsTitle(byField.size)} · ${w.title}` : w.title,
    body,
    query(w.other.code as PublicLanguage),
  );
}

const simple = (lang: PublicLanguage, title: string, paragraphs: string[], self: string, extra = '') =>
  layout(
    lang,
    title,
    `<h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${extra}`,
    `${self}${self.includes('?') ? '&' : '?'}lang=${WORDS[lang].other.code}`,
  );

const newRequestLink = (lang: PublicLanguage) =>
  `<p><a href="/richiesta${lang === 'en' ? '?lang=en' : ''}">${WORDS[lang].newRequest}</a></p>`;

export function sentPage(lang: PublicLanguage, email: string, hours: number): string {
  const w = WORDS[lang];
  return simple(lang, w.sentTitle, [w.sent(email, hours)], '/richiesta');
}

export function confirmPromptPage(lang: PublicLanguage, token: string, subject: string): string {
  const w = WORDS[lang];
  const form = `<form method="post" action="/richiesta/conferma${lang === 'en' ? '?lang=en' : ''}">
<input type="hidden" name="t" value="${escapeHtml(token)}">
<button type="submit">${w.confirmButton}</button>
</form>`;
  return simple(
    lang,
    w.confirmTitle,
    [w.confirmText(subject)],
    `/richiesta/conferma?t=${encodeURIComponent(token)}`,
    form,
  );
}

export function confirmedPage(lang: PublicLanguage, number: string): string {
  const w = WORDS[lang];
  return simple(lang, w.confirmedTitle, [w.confirmed(number)], '/richiesta');
}

export function badLinkPage(lang: PublicLanguage): string {
  const w = WORDS[lang];
  return simple(lang, w.badLinkTitle, [w.badLink], '/richiesta', newRequestLink(lang));
}

export function refusedPage(lang: PublicLanguage, reason: RefusalReason, retryAfterSeconds?: number): string {
  const w = WORDS[lang];
  const lines = [w.refused[reason], ...(retryAfterSeconds ? [w.retry(retryAfterSeconds)] : [])];
  return simple(lang, w.refusedTitle, lines, '/richiesta', newRequestLink(lang));
}

export function expiredFormNotice(lang: PublicLanguage): string {
  return WORDS[lang].expiredForm;
}

/* ---------- The follow page (issue 20.2) ---------- */

const FOLLOW_WORDS = {
  it: {
    title: (n: string) => `Richiesta ${n}`,
    status: 'Stato',
    statuses: {
      new: 'Ricevuta, in attesa di essere presa in carico',
      open: 'In lavorazione',
      waiting: 'In attesa di una sua risposta',
      resolved: 'Risolta',
      resolved_not_competent: 'Chiusa: non è di competenza del Centro Servizi',
    } as Record<string, string>,
    received: (d: string) => `Ricevuta ${d}.`,
    answerBy: (d: string) => `Le risponderemo entro ${d}.`,
    late: 'La risposta è in ritardo rispetto ai tempi previsti: ce ne scusiamo, la stiamo preparando.',
    working: 'Un operatore se ne sta occupando.',
    waiting: 'Per andare avanti ci serve una sua risposta: la scriva qui sotto.',
    resolved: (d: string) => `Risolta ${d}. Se il problema si ripresenta, lo scriva qui sotto.`,
    closed: (d: string) => `Chiusa ${d}. Per un nuovo problema invii una nuova richiesta.`,
    messages: 'Messaggi',
    noMessages: 'Nessun messaggio.',
    you: 'Lei',
    staff: (first: string | null) => (first ? `${first}, Centro Servizi` : 'Centro Servizi'),
    write: 'Aggiungi un messaggio',
    message: 'Messaggio',
    send: 'Invia il messaggio',
    added: 'Il suo messaggio è stato aggiunto alla richiesta.',
    refused: 'Troppi messaggi in poco tempo: riprovi tra un’ora.',
    at: 'alle',
    lostTitle: 'Ricevi di nuovo il link della richiesta',
    lostIntro:
      'Indichi il numero della richiesta e l’indirizzo e-mail con cui l’ha inviata: se corrispondono, le mandiamo un nuovo link per seguirla.',
    number: 'Numero della richiesta',
    numberHint: 'Si trova nell’oggetto delle nostre e-mail, per esempio 2026-000123.',
    email: 'Indirizzo e-mail',
    sendLink: 'Invia il link',
    lostSent:
      'Se il numero e l’indirizzo corrispondono a una richiesta, le abbiamo inviato un nuovo link. Controlli la posta (anche quella indesiderata).',
    lostLink: 'Ha perso il link? Lo riceva di nuovo',
  },
  en: {
    title: (n: string) => `Request ${n}`,
    status: 'Status',
    statuses: {
      new: 'Received, waiting to be taken in charge',
      open: 'Being worked on',
      waiting: 'Waiting for your answer',
      resolved: 'Resolved',
      resolved_not_competent: 'Closed: not for the service centre',
    } as Record<string, string>,
    received: (d: string) => `Received ${d}.`,
    answerBy: (d: string) => `We will answer by ${d}.`,
    late: 'Our answer is later than it should be: we apologise, we are preparing it.',
    working: 'An agent is working on it.',
    waiting: 'To go on we need your answer: write it below.',
    resolved: (d: string) => `Resolved ${d}. If the problem comes back, write it below.`,
    closed: (d: string) => `Closed ${d}. For a new problem, send a new request.`,
    messages: 'Messages',
    noMessages: 'No messages.',
    you: 'You',
    staff: (first: string | null) => (first ? `${first}, service centre` : 'Service centre'),
    write: 'Add a message',
    message: 'Message',
    send: 'Send the message',
    added: 'Your message has been added to the request.',
    refused: 'Too many messages in a short time: try again in an hour.',
    at: 'at',
    lostTitle: 'Get the request’s link again',
    lostIntro:
      'Give the request’s number and the e-mail address you sent it from: if they match, we send you a new link to follow it.',
    number: 'Request number',
    numberHint: 'It is in the subject of our e-mails, for example 2026-000123.',
    email: 'E-mail address',
    sendLink: 'Send the link',
    lostSent:
      'If the number and the address match a request, we have sent you a new link. Check your mail (the spam folder too).',
    lostLink: 'Lost the link? Get it again',
  },
};

export interface FollowPageInput {
  lang: PublicLanguage;
  token: string;
  view: Omit<FollowView, 'ticketId'>;
  now: Date;
  problems?: readonly FieldProblem[];
  notice?: 'added' | 'refused' | 'rated';
  message?: string;
  maxFiles: number;
  maxFileMb: number;
  /** The satisfaction survey of the current resolution: offered while unanswered (issue 20.3). */
  survey?: 'open' | 'answered';
  /** The survey was sent back without a score (with this comment, kept). */
  surveyMissingScore?: boolean;
  surveyComment?: string;
}

/** A day and time in words, in the calendar's zone: "lunedì 7 dicembre 2026 alle 12:00". */
function when(d: Date, zone: string, lang: PublicLanguage): string {
  const local = DateTime.fromJSDate(d, { zone }).setLocale(lang);
  return `${local.toFormat('cccc d LLLL yyyy')} ${FOLLOW_WORDS[lang].at} ${local.toFormat('HH:mm')}`;
}

export function followPage(input: FollowPageInput): string {
  const { lang, view } = input;
  const w = FOLLOW_WORDS[lang];
  const f = WORDS[lang];
  const self = `/richiesta/segui?t=${encodeURIComponent(input.token)}`;
  const resolved = view.status === 'resolved' || view.status === 'resolved_not_competent';
  const expectation = resolved
    ? view.canWrite
      ? w.resolved(when(view.resolvedAt ?? input.now, view.zone, lang))
      : w.closed(when(view.resolvedAt ?? input.now, view.zone, lang))
    : view.status === 'waiting'
      ? w.waiting
      : view.answerDue
        ? view.answerDue > input.now
          ? w.answerBy(when(view.answerDue, view.zone, lang))
          : w.late
        : w.working;
  const messages = view.messages.length
    ? `<ol class="messages">${view.messages
        .map(
          (m) => `<li class="${m.fromCitizen ? 'mine' : 'theirs'}"><p class="who"><strong>${escapeHtml(
            m.fromCitizen ? w.you : w.staff(m.staffFirstName),
          )}</strong> · <time datetime="${m.at.toISOString()}">${escapeHtml(when(m.at, view.zone, lang))}</time></p>
<div class="body">${escapeHtml(m.body).replace(/\n/g, '<br>')}</div></li>`,
        )
        .join('')}</ol>`
    : `<p>${w.noMessages}</p>`;
  const problems = input.problems ?? [];
  // "Errore:" read before each message, so an error is said in words and not by its colour alone.
  const errorSpan = (id: string, p: FieldProblem) =>
    `<span class="error" id="${id}"><span class="sr-only">${f.errorPrefix} </span>${escapeHtml(problemText(lang, p))}</span>`;
  const textProblem = problems.find((p) => p.field !== 'files');
  const fileError = problems.find((p) => p.field === 'files');
  // The page comes back with the focus on the field in error: its message is read with it.
  const focusFiles = !textProblem && !!fileError;
  const notice =
    input.notice === 'added'
      ? `<div class="notice" role="status">${w.added}</div>`
      : input.notice === 'rated'
        ? `<div class="notice" role="status">${SURVEY_WORDS[lang].thanks}</div>`
        : input.notice === 'refused'
          ? `<div class="summary" role="alert">${w.refused}</div>`
          : '';
  const form = view.canWrite
    ? `<h2 id="write">${w.write}</h2>
<form method="post" action="${escapeHtml(self)}${lang === 'en' ? '&amp;lang=en' : ''}" enctype="multipart/form-data" novalidate>
<p>${f.requiredNote}</p>
<div class="${textProblem ? 'field invalid' : 'field'}">
<label for="description">${w.message} *</label>${textProblem ? errorSpan('description-error', textProblem) : ''}
<textarea id="description" name="description" maxlength="${LIMITS.description}" required${textProblem ? ' aria-invalid="true" aria-describedby="description-error" autofocus' : ''}>${escapeHtml(input.message ?? '')}</textarea>
</div>
<div class="${fileError ? 'field invalid' : 'field'}">
<label for="files">${f.fields.files}</label>
<span class="hint" id="files-hint">${escapeHtml(f.hints.files(input.maxFiles, input.maxFileMb))}</span>${
        fileError ? errorSpan('files-error', fileError) : ''
      }
<input type="file" id="files" name="files" multiple aria-describedby="files-hint${fileError ? ' files-error" aria-invalid="true' : ''}"${focusFiles ? ' autofocus' : ''}>
</div>
<button type="submit">${w.send}</button>
</form>`
    : '';
  const body = `<h1>${escapeHtml(w.title(view.number))}</h1>
<p class="subject">${escapeHtml(view.subject)}</p>
${notice}
<dl class="state"><dt>${w.status}</dt><dd><strong>${escapeHtml(w.statuses[view.status] ?? view.status)}</strong></dd></dl>
<p>${escapeHtml(w.received(when(view.receivedAt, view.zone, lang)))} ${escapeHtml(expectation)}</p>
${
  input.survey === 'open'
    ? surveyForm(
        lang,
        `/richiesta/segui/valuta?t=${encodeURIComponent(input.token)}${lang === 'en' ? '&lang=en' : ''}`,
        !!input.surveyMissingScore,
        true,
        input.surveyComment ?? '',
      )
    : ''
}
<h2>${w.messages}</h2>
${messages}
${form}`;
  // An error is in the title too: the first thing a screen reader says of the page sent back.
  const first = textProblem ?? fileError;
  const title = first
    ? `${f.errorPrefix} ${problemText(lang, first)} · ${w.title(view.number)}`
    : w.title(view.number);
  return layout(lang, title, body, `${self}&lang=${WORDS[lang].other.code}`, FOLLOW_STYLE + SURVEY_STYLE);
}

const FOLLOW_STYLE = `
h1,.subject,.messages .body{overflow-wrap:anywhere}
.subject{font-size:1.25rem;font-weight:600}
.state{display:flex;flex-wrap:wrap;gap:0 .5rem;margin:0 0 .5rem}
.state dt{font-weight:600}.state dt::after{content:":"}.state dd{margin:0}
.messages{list-style:none;padding:0}
.messages li{border:1px solid #c5c7c9;border-left-width:6px;border-radius:4px;padding:.75rem 1rem;margin:0 0 1rem}
.messages li.mine{border-left-color:#5c6f82}
.messages li.theirs{border-left-color:#0066cc;background:#f0f6fc}
.messages .who{margin:0 0 .25rem;font-size:1rem}
`;

export function lostLinkPage(
  lang: PublicLanguage,
  problems: readonly FieldProblem[] = [],
  values = { number: '', email: '' },
): string {
  const w = FOLLOW_WORDS[lang];
  const f = WORDS[lang];
  const invalid = new Set(problems.map((p) => p.field));
  const err = (field: 'subject' | 'email') => {
    const p = problems.find((x) => x.field === field);
    return p
      ? `<span class="error" id="${field}-error"><span class="sr-only">${f.errorPrefix} </span>${escapeHtml(problemText(lang, p))}</span>`
      : '';
  };
  // Sent back with errors: the focus on the first field in error, its message read with it.
  const focusNumber = invalid.has('subject');
  const focusEmail = !focusNumber && invalid.has('email');
  const body = `<h1>${w.lostTitle}</h1>
<p>${escapeHtml(w.lostIntro)}</p>
<p>${f.requiredNote}</p>
<form method="post" action="/richiesta/segui/link${lang === 'en' ? '?lang=en' : ''}" novalidate>
<div class="${invalid.has('subject') ? 'field invalid' : 'field'}">
<label for="number">${w.number} *</label><span class="hint" id="number-hint">${escapeHtml(w.numberHint)}</span>${err('subject')}
<input type="text" id="number" name="number" value="${escapeHtml(values.number)}" autocomplete="off" maxlength="40" required aria-describedby="number-hint${invalid.has('subject') ? ' subject-error' : ''}"${invalid.has('subject') ? ' aria-invalid="true"' : ''}${focusNumber ? ' autofocus' : ''}>
</div>
<div class="${invalid.has('email') ? 'field invalid' : 'field'}">
<label for="email">${w.email} *</label>${err('email')}
<input type="email" id="email" name="email" value="${escapeHtml(values.email)}" autocomplete="email" maxlength="254" required${invalid.has('email') ? ' aria-invalid="true" aria-describedby="email-error"' : ''}${focusEmail ? ' autofocus' : ''}>
</div>
<button type="submit">${w.sendLink}</button>
</form>`;
  const title = problems[0]
    ? `${f.errorPrefix} ${problemText(lang, problems[0])} · ${w.lostTitle}`
    : w.lostTitle;
  return layout(lang, title, body, `/richiesta/segui?lang=${WORDS[lang].other.code}`);
}

export function lostLinkSentPage(lang: PublicLanguage): string {
  const w = FOLLOW_WORDS[lang];
  return simple(lang, w.lostTitle, [w.lostSent], '/richiesta/segui');
}

/** A follow link that is forged, expired or revoked: say so, and offer a new one. */
export function badFollowLinkPage(lang: PublicLanguage): string {
  const f = WORDS[lang];
  const w = FOLLOW_WORDS[lang];
  return simple(
    lang,
    f.badLinkTitle,
    [
      lang === 'it'
        ? 'Questo link non è valido, è scaduto o è stato revocato.'
        : 'This link is not valid, has expired or was revoked.',
    ],
    '/richiesta/segui',
    `<p><a href="/richiesta/segui${lang === 'en' ? '?lang=en' : ''}">${w.lostLink}</a></p>`,
  );
}

/* ---------- Satisfaction (issue 20.3) ---------- */

const SURVEY_WORDS = {
  it: {
    title: 'Com’è andata?',
    intro: (n: string, s: string) => `La richiesta ${n} («${s}») è stata risolta. Ci dica com’è andata.`,
    legend: 'Quanto è soddisfatto di come è stata gestita la richiesta?',
    scores: [
      '1 – Per niente soddisfatto',
      '2 – Poco soddisfatto',
      '3 – Abbastanza soddisfatto',
      '4 – Soddisfatto',
      '5 – Molto soddisfatto',
    ],
    comment: 'Commento (facoltativo)',
    commentHint: 'Che cosa è andato bene, che cosa possiamo migliorare.',
    send: 'Invia la valutazione',
    required: 'Scelga un voto da 1 a 5.',
    thanksTitle: 'Grazie',
    thanks: 'Grazie della sua valutazione: ci aiuta a migliorare il servizio.',
    alreadyTitle: 'Valutazione già inviata',
    already: 'Questa richiesta è già stata valutata: si può valutare una volta sola.',
  },
  en: {
    title: 'How did it go?',
    intro: (n: string, s: string) => `Request ${n} (“${s}”) has been resolved. Tell us how it went.`,
    legend: 'How satisfied are you with how the request was handled?',
    scores: [
      '1 – Not at all satisfied',
      '2 – Slightly satisfied',
      '3 – Fairly satisfied',
      '4 – Satisfied',
      '5 – Very satisfied',
    ],
    comment: 'Comment (optional)',
    commentHint: 'What went well, what we can improve.',
    send: 'Send the rating',
    required: 'Choose a score from 1 to 5.',
    thanksTitle: 'Thank you',
    thanks: 'Thank you for your rating: it helps us improve the service.',
    alreadyTitle: 'Rating already sent',
    already: 'This request has already been rated: it can be rated once only.',
  },
};

/** The survey's form: on its own page (the mailed link) or inside the follow page. */
export function surveyForm(
  lang: PublicLanguage,
  action: string,
  missingScore: boolean,
  withHeading = true,
  /** The comment sent back with a missing score: kept, not lost. */
  comment = '',
): string {
  const w = SURVEY_WORDS[lang];
  const error = missingScore
    ? `<span class="error" id="score-error"><span class="sr-only">${lang === 'it' ? 'Errore:' : 'Error:'} </span>${w.required}</span>`
    : '';
  const radios = w.scores
    .map(
      (label, i) =>
        `<div class="radio"><input type="radio" id="score-${i + 1}" name="score" value="${i + 1}" required${missingScore && i === 0 ? ' autofocus' : ''}><label for="score-${i + 1}">${escapeHtml(label)}</label></div>`,
    )
    .join('');
  return `${withHeading ? `<h2 id="survey">${w.title}</h2>` : ''}
<form method="post" action="${escapeHtml(action)}" novalidate>
<fieldset class="${missingScore ? 'field invalid' : 'field'}"${missingScore ? ' aria-describedby="score-error"' : ''}>
<legend>${w.legend}</legend>${error}
${radios}
</fieldset>
<div class="field">
<label for="comment">${w.comment}</label><span class="hint" id="comment-hint">${w.commentHint}</span>
<textarea id="comment" name="comment" maxlength="2000" aria-describedby="comment-hint">${escapeHtml(comment)}</textarea>
</div>
<button type="submit">${w.send}</button>
</form>`;
}

const SURVEY_STYLE = `
fieldset{border:0;padding:0;margin:0 0 1.25rem}
.radio{display:flex;gap:.5rem;align-items:center;margin:.35rem 0}
.radio input{width:1.4rem;height:1.4rem}
`;

export function surveyPage(
  lang: PublicLanguage,
  token: string,
  number: string,
  subject: string,
  missingScore = false,
  comment = '',
): string {
  const w = SURVEY_WORDS[lang];
  const action = `/richiesta/valuta?t=${encodeURIComponent(token)}${lang === 'en' ? '&lang=en' : ''}`;
  return layout(
    lang,
    // Sent back without a score: the title says so first (what a screen reader reads on load).
    `${missingScore ? (lang === 'it' ? 'Errore: ' : 'Error: ') : ''}${w.title}`,
    `<h1 id="survey">${w.title}</h1><p>${escapeHtml(w.intro(number, subject))}</p>${surveyForm(lang, action, missingScore, false, comment)}`,
    `/richiesta/valuta?t=${encodeURIComponent(token)}&lang=${WORDS[lang].other.code}`,
    SURVEY_STYLE,
  );
}

export function surveyThanksPage(lang: PublicLanguage): string {
  const w = SURVEY_WORDS[lang];
  return simple(lang, w.thanksTitle, [w.thanks], '/richiesta');
}

export function surveyAlreadyPage(lang: PublicLanguage): string {
  const w = SURVEY_WORDS[lang];
  return simple(lang, w.alreadyTitle, [w.already], '/richiesta');
}
