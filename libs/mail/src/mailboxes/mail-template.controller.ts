import { Roles } from '@app/auth';
import { Body, Controller, Delete, Get, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

import { MailTemplateService } from '../outbox/mail-template.service';
import { ANSWER_TEMPLATE_CODES } from '../outbox/mail-templates';

export class MailTemplateDto {
  @ApiProperty({ example: 'Segnalazione ricevuta: {{subject}}' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  subject: string;

  @ApiProperty({ example: 'Gentile {{name}}, ... {{number}} ...' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  body: string;
}

/**
 * The ready answers of the composer, for every staff member (admins edit them with the others):
 * the agent picks one, the page fills {{name}}, {{number}} and {{subject}}, the text stays editable.
 */
@ApiTags('mail')
@Controller('mail/answer-templates')
export class AnswerTemplateController {
  constructor(private readonly templates: MailTemplateService) {}

  @Get()
  @ApiOperation({ summary: 'The ready answers in Italian and English (subject = the name shown)' })
  async list() {
    const all = await this.templates.list();
    return all
      .filter((t) => (ANSWER_TEMPLATE_CODES as string[]).includes(t.code))
      .map(({ code, language, subject, body }) => ({ code, language, name: subject, body }));
  }
}

/** The texts sent to citizens (acknowledgement, refused attachments, replies), per language: admins only. */
@ApiTags('mail')
@Controller('mail/templates')
@Roles('admin')
export class MailTemplateController {
  constructor(private readonly templates: MailTemplateService) {}

  @Get()
  @ApiOperation({
    summary: 'Every template in Italian and English, built-in or customised, with its placeholders',
  })
  list() {
    return this.templates.list();
  }

  @Put(':code/:language')
  @ApiOperation({ summary: 'Customise a template; an unknown {{placeholder}} is refused' })
  save(@Param('code') code: string, @Param('language') language: string, @Body() dto: MailTemplateDto) {
    return this.templates.save(code, language, dto);
  }

  @Delete(':code/:language')
  @ApiOperation({ summary: 'Back to the built-in text' })
  reset(@Param('code') code: string, @Param('language') language: string) {
    return this.templates.reset(code, language);
  }
}
