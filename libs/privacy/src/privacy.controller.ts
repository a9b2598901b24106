import { Actor, CurrentActor, Roles } from '@app/auth';
import { uuidParam, ValidationError } from '@app/common';
import { SlaRegistry } from '@app/sla';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ContactPrivacyService } from './contact-privacy.service';
import {
  ContactResponse,
  ErasureResponse,
  PrivacyPolicyResponse,
  PublishPrivacyPolicyDto,
  ReasonDto,
  RectifyContactDto,
  RetentionPreviewDto,
  RetentionRunResponse,
} from './privacy.dto';
import { PrivacyPolicyRepository } from './privacy-policy.repository';
import { PrivacyPolicyService } from './privacy-policy.service';
import { RetentionService } from './retention.service';
import { parseAsOf } from './retention-plan';

const uuid = uuidParam();

@ApiTags('privacy')
@Controller('privacy')
export class PrivacyPolicyController {
  constructor(
    private readonly policies: PrivacyPolicyService,
    private readonly runs: PrivacyPolicyRepository,
    private readonly retention: RetentionService,
    private readonly registry: SlaRegistry,
  ) {}

  @Get('policy')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'The retention policy and privacy texts in force' })
  @ApiOkResponse({ type: PrivacyPolicyResponse })
  policy() {
    return this.policies.active();
  }

  @Get('policy/versions')
  @Roles('admin')
  @ApiOperation({ summary: 'Every version of the retention policy, newest first' })
  @ApiOkResponse({ type: [PrivacyPolicyResponse] })
  versions() {
    return this.policies.versions();
  }

  @Put('policy')
  @Roles('admin')
  @ApiOperation({
    summary: 'Publish a new version of the retention policy (admin); a period below its legal minimum is 400',
  })
  @ApiOkResponse({ type: PrivacyPolicyResponse })
  publish(@Body() dto: PublishPrivacyPolicyDto, @CurrentActor() actor: Actor) {
    return this.policies.publish(dto.definition, actor.id, dto.reason);
  }

  @Get('retention-runs')
  @Roles('admin')
  @ApiOperation({ summary: 'The last retention runs and what each did' })
  @ApiOkResponse({ type: [RetentionRunResponse] })
  runsList() {
    return this.runs.listRuns(50);
  }

  @Post('retention-runs/preview')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'What a retention run would do as of a date (a dry run: nothing changes)' })
  @ApiOkResponse({ type: RetentionRunResponse })
  async preview(@Body() dto: RetentionPreviewDto) {
    const zone = (await this.registry.defaultCalendar()).timeZone;
    const asOf = dto.asOf ? parseAsOf(dto.asOf, zone) : new Date();
    if (!asOf)
      throw new ValidationError([{ field: 'asOf', reason: 'data inesistente / no such date', code: 'date' }]);
    const result = await this.retention.run({ asOf, dryRun: true, trigger: 'api' });
    return (await this.runs.listRuns(50)).find((r) => r.id === result!.runId);
  }
}

@ApiTags('privacy')
@Controller()
export class ContactPrivacyController {
  constructor(private readonly contacts: ContactPrivacyService) {}

  @Post('contacts/:id/erase')
  @Roles('admin', 'supervisor')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Erase a person (GDPR art. 17): anonymise the contact and their tickets now; 409 with the reason under a legal hold or with open tickets',
  })
  @ApiOkResponse({ type: ErasureResponse })
  erase(@Param('id', uuid) id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.contacts.erase(id, actor.id, dto.reason);
  }

  @Patch('contacts/:id')
  @Roles('admin', 'supervisor')
  @ApiOperation({ summary: 'Correct a person’s contact details (GDPR art. 16), audited with the reason' })
  @ApiOkResponse({ type: ContactResponse })
  rectify(@Param('id', uuid) id: string, @Body() dto: RectifyContactDto, @CurrentActor() actor: Actor) {
    const { reason, ...fields } = dto;
    return this.contacts.rectify(id, fields, actor.id, reason);
  }

  @Put('contacts/:id/legal-hold')
  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Put a contact under legal hold: no retention run or erasure touches them' })
  holdContact(@Param('id', uuid) id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.contacts.setHold('contact', id, dto.reason, actor.id);
  }

  @Delete('contacts/:id/legal-hold')
  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a contact’s legal hold' })
  releaseContact(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.contacts.setHold('contact', id, null, actor.id);
  }

  @Put('tickets/:id/legal-hold')
  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Put a ticket (and its requester) under legal hold' })
  holdTicket(@Param('id', uuid) id: string, @Body() dto: ReasonDto, @CurrentActor() actor: Actor) {
    return this.contacts.setHold('ticket', id, dto.reason, actor.id);
  }

  @Delete('tickets/:id/legal-hold')
  @Roles('admin', 'supervisor')
  @HttpCode(204)
  @ApiOperation({ summary: 'Lift a ticket’s legal hold' })
  releaseTicket(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.contacts.setHold('ticket', id, null, actor.id);
  }
}
