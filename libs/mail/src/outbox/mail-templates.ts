/** Template codes the help desk sends; admins may override each per language in mail_template. */
export type TemplateCode = 'acknowledgement' | 'reply' | 'attachment_refused';
export type TemplateLanguage = 'it' | 'en';

export interface MailTemplate {
  subject: string;
  body: string;
}

/** The built-in texts; `{{name}}` placeholders are filled by renderTemplate. */
export const DEFAULT_TEMPLATES: Record<TemplateCode, Record<TemplateLanguage, MailTemplate>> = {
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
        'Centro Servizi Tecnologico',
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
        'Centro Servizi Tecnologico',
      ].join('\n'),
    },
  },
  reply: {
    it: { subject: '{{subject}}', body: '{{body}}' },
    en: { subject: '{{subject}}', body: '{{body}}' },
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
};

/** Fills `{{name}}` placeholders; unknown ones are left visible rather than silently dropped. */
export function renderTemplate(template: MailTemplate, values: Record<string, string>): MailTemplate {
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in values ? values[key] : whole));
  return { subject: fill(template.subject), body: fill(template.body) };
}
