import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

import { DATA_CLASSES } from './privacy-policy.types';

export class BilingualResponse {
  @ApiProperty({ description: 'Italiano' }) it: string;
  @ApiProperty({ description: 'English' }) en: string;
}

export class RegisterControllerResponse {
  @ApiProperty() name: string;
  @ApiProperty() address: string;
  @ApiProperty() email: string;
}

export class RegisterDpoResponse {
  @ApiProperty() email: string;
}

export class RegisterDataClassResponse {
  @ApiProperty({ enum: DATA_CLASSES }) code: string;
  @ApiProperty({ type: BilingualResponse }) description: BilingualResponse;
  @ApiProperty({ description: 'Giorni di conservazione / Days kept' }) retentionDays: number;
  @ApiProperty({ description: 'Minimo di legge / Legal minimum, days' }) minimumDays: number;
  @ApiProperty({
    type: BilingualResponse,
    description: 'Da quando contano i giorni / From when the days count',
  })
  from: BilingualResponse;
}

export class RegisterOtherDataResponse {
  @ApiProperty({ enum: ['publicRequests', 'publicFormCounters'] }) code: string;
  @ApiProperty({ type: BilingualResponse }) description: BilingualResponse;
  @ApiProperty({ type: BilingualResponse, description: 'Per quanto tempo / How long it is kept' })
  retention: BilingualResponse;
}

export class RegisterProcessorResponse {
  @ApiProperty() name: string;
  @ApiProperty({ type: BilingualResponse }) role: BilingualResponse;
}

/** The record of processing activities (GDPR art. 30), from the policy in force. */
export class PrivacyRegisterResponse {
  @ApiProperty() policyVersion: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'Pubblicazione della versione / Version published',
  })
  publishedAt: Date;
  @ApiProperty({ type: RegisterControllerResponse }) controller: RegisterControllerResponse;
  @ApiProperty({ type: RegisterDpoResponse }) dpo: RegisterDpoResponse;
  @ApiProperty({ type: BilingualResponse }) activity: BilingualResponse;
  @ApiProperty({ type: [BilingualResponse] }) purposes: BilingualResponse[];
  @ApiProperty({ type: [BilingualResponse] }) dataSubjects: BilingualResponse[];
  @ApiProperty({ type: [RegisterDataClassResponse] }) dataClasses: RegisterDataClassResponse[];
  @ApiProperty({
    type: [RegisterOtherDataResponse],
    description:
      'Dati fuori dalle classi di conservazione, con il loro limite (il modulo pubblico) / Data outside the retention classes, with their own limit (the public form)',
  })
  otherData: RegisterOtherDataResponse[];
  @ApiProperty({ type: [BilingualResponse] }) recipients: BilingualResponse[];
  @ApiProperty({ type: [RegisterProcessorResponse] }) processors: RegisterProcessorResponse[];
  @ApiProperty({ type: BilingualResponse }) transfers: BilingualResponse;
  @ApiProperty({ type: [BilingualResponse] }) securityMeasures: BilingualResponse[];
}

export class RegisterQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'pdf'],
    default: 'json',
    description: 'pdf: il registro in PDF / the record as a PDF',
  })
  @IsOptional()
  @IsIn(['json', 'pdf'])
  format?: 'json' | 'pdf';
}

export class NoticeControllerResponse extends RegisterControllerResponse {
  @ApiProperty({ description: 'Responsabile della protezione dei dati / Data Protection Officer' })
  dpoEmail: string;
}

/** The privacy notice (GDPR art. 13-14) in both languages, for anyone. */
export class PrivacyNoticeResponse {
  @ApiProperty({ description: 'Informativa in italiano' }) it: string;
  @ApiProperty({ description: 'Notice in English' }) en: string;
  @ApiProperty({ type: NoticeControllerResponse }) controller: NoticeControllerResponse;
  @ApiProperty({ description: 'Versione della politica / Policy version' }) version: number;
}
