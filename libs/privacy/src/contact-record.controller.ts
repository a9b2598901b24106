import { Roles } from '@app/auth';
import { uuidParam } from '@app/common';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

import { ContactRecordResponse } from './contact-record.dto';
import { ContactRecordService } from './contact-record.service';

const uuid = uuidParam();

/** A person's record (issue 18): what supervisors look at before answering a data subject's request. */
@ApiTags('privacy')
@Controller('contacts')
@Roles('admin', 'supervisor')
export class ContactRecordController {
  constructor(private readonly records: ContactRecordService) {}

  @Get(':id')
  @ApiOperation({
    summary:
      'Un contatto e i suoi ticket, dal più recente / A contact (requester) and their tickets, newest first',
  })
  @ApiOkResponse({ type: ContactRecordResponse })
  get(@Param('id', uuid) id: string): Promise<ContactRecordResponse> {
    return this.records.get(id);
  }
}
