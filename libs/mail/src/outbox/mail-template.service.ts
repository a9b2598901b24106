import { NotFoundError, ValidationError } from '@app/common';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { MailTemplateRepository } from './mail-template.repository';
import { DEFAULT_TEMPLATES, MailTemplate, TemplateCode, TemplateLanguage } from './mail-templates';

export const TEMPLATE_CODES = Object.keys(DEFAULT_TEMPLATES) as TemplateCode[];
export const TEMPLATE_LANGUAGES: TemplateLanguage[] = ['it', 'en'];
const OUTAGE_PLACEHOLDERS = [
  'title',
  'services',
  'entes',
  'startedAt',
  'interventionStartedAt',
  'endedAt',
  'state',
  'cause',
  'message',
  'statusUrl',
];
/** The placeholders each template may use; anything else would reach a citizen as literal braces. */
const PLACEHOLDERS: Record<TemplateCode, string[]> = {
  acknowledgement: ['name', 'number', 'subject', 'privacyUrl', 'followUrl'],
  reply: ['subject', 'body', 'followUrl'],
  request_confirmation: ['name', 'subject', 'confirmUrl', 'hours', 'privacyUrl'],
  follow_link: ['name', 'number', 'subject', 'followUrl'],
  satisfaction: ['name', 'number', 'subject', 'surveyUrl'],
  attachment_refused: ['name', 'number', 'subject', 'attachments'],
  outage_entes: OUTAGE_PLACEHOLDERS,
  outage_users: OUTAGE_PLACEHOLDERS,
  answer_received: ['name', 'number', 'subject'],
  answer_solved: ['name', 'number', 'subject'],
  answer_more_info: ['name', 'number', 'subject'],
};

/** The texts the help desk sends: the built-in ones, each replaceable by admins per language. */
@Injectable()
export class MailTemplateService {
  constructor(private readonly store: MailTemplateRepository) {}

  async get(code: TemplateCode, language: TemplateLanguage, em?: EntityManager): Promise<MailTemplate> {
    const rows = await this.custom(em);
    return rows.get(`${code}:${language}`) ?? DEFAULT_TEMPLATES[code][language];
  }

  async list() {
    const rows = await this.custom();
    return TEMPLATE_CODES.flatMap((code) =>
      TEMPLATE_LANGUAGES.map((language) => {
        const custom = rows.get(`${code}:${language}`);
        return {
          code,
          language,
          placeholders: PLACEHOLDERS[code],
          custom: !!custom,
          ...(custom ?? DEFAULT_TEMPLATES[code][language]),
        };
      }),
    );
  }

  async save(code: string, language: string, template: MailTemplate) {
    const { c, l } = this.check(code, language);
    const unknown = [...`${template.subject}\n${template.body}`.matchAll(/\{\{(\w+)\}\}/g)]
      .map((m) => m[1])
      .filter((name) => !PLACEHOLDERS[c].includes(name));
    if (unknown.length > 0) {
      throw new ValidationError([
        {
          field: 'body',
          reason: `segnaposto sconosciuti / unknown placeholders: ${[...new Set(unknown)].join(', ')} (ammessi / allowed: ${PLACEHOLDERS[c].join(', ')})`,
        },
      ]);
    }
    await this.store.upsert({ code: c, language: l, subject: template.subject, body: template.body });
    return { code: c, language: l, custom: true, ...template };
  }

  async reset(code: string, language: string) {
    const { c, l } = this.check(code, language);
    await this.store.remove(c, l);
    return { code: c, language: l, custom: false, ...DEFAULT_TEMPLATES[c][l] };
  }

  private check(code: string, language: string): { c: TemplateCode; l: TemplateLanguage } {
    if (!TEMPLATE_CODES.includes(code as TemplateCode)) throw new NotFoundError('Modello / Template', code);
    if (!TEMPLATE_LANGUAGES.includes(language as TemplateLanguage)) {
      throw new ValidationError([{ field: 'language', reason: 'it o en / it or en' }]);
    }
    return { c: code as TemplateCode, l: language as TemplateLanguage };
  }

  /** Read each time (one small query): an admin's edit must reach every worker process at once. */
  private async custom(em?: EntityManager): Promise<Map<string, MailTemplate>> {
    const rows = await this.store.all(em);
    return new Map(rows.map((r) => [`${r.code}:${r.language}`, r]));
  }
}
