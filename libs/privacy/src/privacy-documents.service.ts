import { APP_CONFIG, AppConfig } from '@app/config';
import { SlaRegistry } from '@app/sla';
import { Inject, Injectable } from '@nestjs/common';

import { PrivacyPageLanguage, renderPrivacyPage } from './privacy-page.util';
import { PrivacyPolicyService } from './privacy-policy.service';
import { PrivacyRegister, privacyRegister } from './privacy-register';
import { privacyRegisterPdf } from './privacy-register.pdf';

export interface PrivacyNotice {
  it: string;
  en: string;
  controller: { name: string; address: string; email: string; dpoEmail: string };
  version: number;
}

/** The documents drawn from the policy in force (issue 18): the record of processing and the notice. */
@Injectable()
export class PrivacyDocumentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly policies: PrivacyPolicyService,
    private readonly registry: SlaRegistry,
  ) {}

  async register(): Promise<PrivacyRegister> {
    return privacyRegister(await this.policies.active(), {
      confirmHours: this.config.PUBLIC_FORM_CONFIRM_HOURS,
    });
  }

  async registerPdf(): Promise<{ filename: string; pdf: Buffer }> {
    const register = await this.register();
    const zone = (await this.registry.defaultCalendar()).timeZone;
    return {
      filename: `registro-trattamenti-v${register.policyVersion}.pdf`,
      pdf: await privacyRegisterPdf(register, zone, new Date()),
    };
  }

  async notice(): Promise<PrivacyNotice> {
    const { version, definition } = await this.policies.active();
    const { it, en } = definition.notice;
    return { it, en, controller: definition.controller, version };
  }

  async page(lang: PrivacyPageLanguage): Promise<string> {
    return renderPrivacyPage(await this.policies.active(), lang);
  }
}
