import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

import { APP_CONFIG, AppConfig } from '@app/config';
import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

export interface SendResult {
  accepted: string[];
  rejected: string[];
  response: string;
}

/** A refusal that retrying cannot fix (a 5xx from the server, every recipient rejected). */
export class PermanentSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendError';
  }
}

/**
 * Where outbound mail goes: the SMTP server of the environment, or, without one (the embedded
 * default), .eml files under DATA_DIR/outbox so a trial install never mails anyone by surprise.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private smtp: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get description(): string {
    return this.config.SMTP_HOST
      ? `smtp://${this.config.SMTP_HOST}:${this.config.SMTP_PORT}`
      : `file://${this.outboxDir()}`;
  }

  async send(message: Mail.Options): Promise<SendResult> {
    if (!this.config.SMTP_HOST) return this.writeToFile(message);
    try {
      const info = await this.transporter().sendMail(message);
      const rejected = (info.rejected ?? []).map(String);
      if ((info.accepted ?? []).length === 0 && rejected.length > 0) {
        throw new PermanentSendError(
          `Tutti i destinatari rifiutati / every recipient rejected: ${rejected.join(', ')}`,
        );
      }
      return { accepted: (info.accepted ?? []).map(String), rejected, response: String(info.response ?? '') };
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      if (error instanceof PermanentSendError) throw error;
      if (code && code >= 500 && code < 600)
        throw new PermanentSendError(`${code} ${(error as Error).message}`);
      throw error;
    }
  }

  onModuleDestroy(): void {
    this.smtp?.close();
  }

  private transporter(): Transporter {
    if (!this.smtp) {
      this.smtp = nodemailer.createTransport({
        host: this.config.SMTP_HOST,
        port: this.config.SMTP_PORT,
        secure: this.config.SMTP_SECURE,
        auth: this.config.SMTP_USER
          ? { user: this.config.SMTP_USER, pass: this.config.SMTP_PASSWORD }
          : undefined,
        connectionTimeout: 15_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      });
    }
    return this.smtp;
  }

  private outboxDir(): string {
    return resolve(this.config.DATA_DIR, 'outbox');
  }

  private async writeToFile(message: Mail.Options): Promise<SendResult> {
    const stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    const info = await stream.sendMail(message);
    await mkdir(this.outboxDir(), { recursive: true });
    const name = String(message.messageId ?? Date.now()).replace(/[^A-Za-z0-9@.-]/g, '');
    await writeFile(join(this.outboxDir(), `${name}.eml`), info.message as Buffer);
    const to = [message.to ?? []].flat().map(String);
    return { accepted: to, rejected: [], response: 'written to file' };
  }
}
