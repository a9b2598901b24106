/** Template codes the help desk sends; admins may override each per language in mail_template. */
export type TemplateCode =
  | 'acknowledgement'
  | 'reply'
  | 'attachment_refused'
  | 'outage_entes'
  | 'outage_users'
  | 'request_confirmation'
  | 'follow_link'
  | 'satisfaction'
  | AnswerTemplateCode;
/** Ready answers agents start from in the composer (the subject is the name shown to them). */
export type AnswerTemplateCode = 'answer_received' | 'answer_solved' | 'answer_more_info';
export const ANSWER_TEMPLATE_CODES: AnswerTemplateCode[] = [
  'answer_received',
  'answer_solved',
  'answer_more_info',
];

const answer = (it: [string, string[]], en: [string, string[]]): Record<TemplateLanguage, MailTemplate> => ({
  it: { subject: it[0], body: it[1].join('\n') },
  en: { subject: en[0], body: en[1].join('\n') },
});
export type TemplateLanguage = 'it' | 'en';

export interface MailTemplate {
  subject: string;
  body: string;
}

/** The built-in texts; `{{name}}` placeholders are filled by renderTemplate. */
export const DEFAULT_TEMPLATES: Record<TemplateCode, Record<TemplateLanguage, MailTemplate>> = {
  answer_received: answer(
    [
      'Presa in carico',
      [
        'Gentile {{name}},',
        '',
        'abbiamo preso in carico la segnalazione {{number}} e la stiamo verificando. La ricontatteremo',
        'al più presto.',
        '',
        'Cordiali saluti',
      ],
    ],
    [
      'Taken in charge',
      [
        'Dear {{name}},',
        '',
        'we have taken charge of request {{number}} and are looking into it. We will get back to you',
        'shortly.',
        '',
        'Kind regards',
      ],
    ],
  ),
  answer_solved: answer(
    [
      'Problema risolto',
      [
        'Gentile {{name}},',
        '',
        'il problema segnalato ({{subject}}) è stato risolto. Se dovesse ripresentarsi, risponda pure',
        'a questa e-mail lasciando invariato il numero nell’oggetto.',
        '',
        'Cordiali saluti',
      ],
    ],
    [
      'Problem solved',
      [
        'Dear {{name}},',
        '',
        'the problem you reported ({{subject}}) has been solved. Should it come back, just answer this',
        'e-mail keeping the number in the subject.',
        '',
        'Kind regards',
      ],
    ],
  ),
  answer_more_info: answer(
    [
      'Richiesta di informazioni',
      [
        'Gentile {{name}},',
        '',
        'per procedere con la segnalazione {{number}} ci servono alcune informazioni: il nome della',
        'postazione, il messaggio di errore completo e l’orario in cui si è verificato.',
        '',
        'Cordiali saluti',
      ],
    ],
    [
      'Request for information',
      [
        'Dear {{name}},',
        '',
        'to go on with request {{number}} we need a few details: the workstation name, the full error',
        'message and when it happened.',
        '',
        'Kind regards',
      ],
    ],
  ),
  acknowledgement: {
    it: {
      subject: 'Segnalazione ricevuta: {{subject}}',
      body: [
        'Gentile {{name}},',
        '',
        'abbiamo ricevuto la sua segnalazione e le abbiamo assegnato il numero {{number}}.',
        'Un operatore la prenderà in carico al più presto. Per aggiungere informazioni risponda a',
        'questa mail lasciando invariato il numero nell’oggetto.',
        '',
        'Può seguire la richiesta qui: {{followUrl}}',
        '',
        'Centro Servizi Tecnologico',
        '',
        'Come trattiamo i suoi dati personali: {{privacyUrl}}',
      ].join('\n'),
    },
    en: {
      subject: 'Request received: {{subject}}',
      body: [
        'Dear {{name}},',
        '',
        'we have received your request and registered it as number {{number}}.',
        'An agent will take charge of it shortly. To add information, reply to this mail keeping',
        'the number in the subject.',
        '',
        'You can follow the request here: {{followUrl}}',
        '',
        'Centro Servizi Tecnologico',
        '',
        'How we handle your personal data: {{privacyUrl}}',
      ].join('\n'),
    },
  },
  request_confirmation: {
    it: {
      subject: 'Confermi la sua richiesta: {{subject}}',
      body: [
        'Gentile {{name}},',
        '',
        'abbiamo ricevuto dal modulo sul nostro sito una richiesta a questo indirizzo: «{{subject}}».',
        'Per registrarla apra questo link entro {{hours}} ore e confermi:',
        '',
        '{{confirmUrl}}',
        '',
        'Se non ha inviato lei la richiesta, ignori questo messaggio: senza conferma sarà cancellata.',
        '',
        'Centro Servizi Tecnologico',
        '',
        'Come trattiamo i suoi dati personali: {{privacyUrl}}',
      ].join('\n'),
    },
    en: {
      subject: 'Please confirm your request: {{subject}}',
      body: [
        'Dear {{name}},',
        '',
        'we have received a request for this address from the form on our site: “{{subject}}”.',
        'To register it, open this link within {{hours}} hours and confirm:',
        '',
        '{{confirmUrl}}',
        '',
        'If you did not send it, ignore this message: without confirmation it will be deleted.',
        '',
        'Centro Servizi Tecnologico',
        '',
        'How we handle your personal data: {{privacyUrl}}',
      ].join('\n'),
    },
  },
  satisfaction: {
    it: {
      subject: 'Com’è andata? Richiesta {{number}}',
      body: [
        'Gentile {{name}},',
        '',
        'la sua richiesta {{number}} («{{subject}}») è stata risolta. Ci dice com’è andata? Basta',
        'un voto da 1 a 5 e, se vuole, un commento: ci aiuta a migliorare il servizio.',
        '',
        '{{surveyUrl}}',
        '',
        'Se il problema non è risolto, risponda a questa e-mail: la richiesta sarà riaperta.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
    en: {
      subject: 'How did it go? Request {{number}}',
      body: [
        'Dear {{name}},',
        '',
        'your request {{number}} (“{{subject}}”) has been resolved. How did it go? A score from 1 to 5',
        'and, if you like, a comment: it helps us improve the service.',
        '',
        '{{surveyUrl}}',
        '',
        'If the problem is not solved, reply to this e-mail: the request will be reopened.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
  },
  follow_link: {
    it: {
      subject: 'Il link per seguire la richiesta {{number}}',
      body: [
        'Gentile {{name}},',
        '',
        'ecco il link per seguire la richiesta {{number}} («{{subject}}») e aggiungere informazioni:',
        '',
        '{{followUrl}}',
        '',
        'I link mandati prima restano validi fino alla loro scadenza. Se non l’ha chiesto lei, ignori',
        'questo messaggio.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
    en: {
      subject: 'The link to follow request {{number}}',
      body: [
        'Dear {{name}},',
        '',
        'here is the link to follow request {{number}} (“{{subject}}”) and add information:',
        '',
        '{{followUrl}}',
        '',
        'Links sent before stay valid until they expire. If you did not ask for it, ignore this',
        'message.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
  },
  reply: {
    it: {
      subject: '{{subject}}',
      body: '{{body}}\n\n--\nSegua la sua richiesta / Follow your request: {{followUrl}}',
    },
    en: { subject: '{{subject}}', body: '{{body}}\n\n--\nFollow your request: {{followUrl}}' },
  },
  attachment_refused: {
    it: {
      subject: 'Allegato non accettato: {{subject}}',
      body: [
        'Gentile {{name}},',
        '',
        'la sua mail è stata registrata nella segnalazione {{number}}, ma questi allegati non sono',
        'stati accettati:',
        '{{attachments}}',
        '',
        'Può inviarli in formato più leggero o concordare con l’operatore un altro canale.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
    en: {
      subject: 'Attachment not accepted: {{subject}}',
      body: [
        'Dear {{name}},',
        '',
        'your mail was added to request {{number}}, but these attachments were not accepted:',
        '{{attachments}}',
        '',
        'Please send them in a smaller form or agree another channel with the agent.',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
  },
  outage_entes: {
    it: {
      subject: 'Interruzione del servizio: {{title}}',
      body: [
        'Gentili uffici,',
        '',
        'vi informiamo di un’interruzione dei servizi: {{services}}.',
        'Enti interessati: {{entes}}.',
        'Inizio: {{startedAt}}. Avvio dell’intervento: {{interventionStartedAt}}. Stato: {{state}}.',
        'Causa: {{cause}}',
        '',
        '{{message}}',
        '',
        'Aggiornamenti: {{statusUrl}}',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
    en: {
      subject: 'Service interruption: {{title}}',
      body: [
        'Dear colleagues,',
        '',
        'these services are interrupted: {{services}}.',
        'Entes affected: {{entes}}.',
        'Started: {{startedAt}}. Intervention started: {{interventionStartedAt}}. Status: {{state}}.',
        'Cause: {{cause}}',
        '',
        '{{message}}',
        '',
        'Updates: {{statusUrl}}',
        '',
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
  },
  outage_users: {
    it: {
      subject: 'Avviso agli utenti: {{title}}',
      body: [
        'I servizi {{services}} non sono disponibili dalle {{startedAt}} ({{state}}).',
        'Enti interessati: {{entes}}. Stiamo intervenendo per ripristinarli al più presto.',
        '',
        '{{message}}',
        '',
        'Aggiornamenti: {{statusUrl}}',
      ].join('\n'),
    },
    en: {
      subject: 'Notice to users: {{title}}',
      body: [
        'The services {{services}} have been unavailable since {{startedAt}} ({{state}}).',
        'Entes affected: {{entes}}. We are working to restore them as soon as possible.',
        '',
        '{{message}}',
        '',
        'Updates: {{statusUrl}}',
      ].join('\n'),
    },
  },
};

/** Fills `{{name}}` placeholders; unknown ones are left visible rather than silently dropped. */
export function renderTemplate(template: MailTemplate, values: Record<string, string>): MailTemplate {
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? values[key] : whole));
  return { subject: fill(template.subject), body: fill(template.body) };
}
