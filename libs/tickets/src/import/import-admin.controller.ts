import { Roles } from '@app/auth';
import { ValidationError } from '@app/common';
import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

import { importColumns, importTemplate } from './ticket-csv.util';
import { TicketImportService } from './ticket-import.service';

export class ImportQueryDto {
  @ApiPropertyOptional({ description: 'Validate and preview only', default: false })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

/** The admin upload of a previous system's tickets (the same import as `npm run cli -- import:tickets`). */
@ApiTags('admin')
@Controller('admin/import')
@Roles('admin')
export class ImportAdminController {
  constructor(private readonly importer: TicketImportService) {}

  @Get('tickets/template')
  @ApiOperation({
    summary: 'A CSV template of the import: the header with every column, in order, and one example row',
  })
  @ApiProduces('text/csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="import-ticket-modello.csv"')
  template(): string {
    return importTemplate();
  }

  @Get('tickets/columns')
  @ApiOperation({ summary: 'The columns the import reads, in order, each with whether it is required' })
  columns() {
    return importColumns();
  }

  @Post('tickets')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({ description: 'The CSV file (columns in README)' })
  @ApiOperation({
    summary:
      'Import tickets from CSV: every bad row listed with line, column and reason; nothing imported then',
  })
  async tickets(@Body() body: unknown, @Query() query: ImportQueryDto) {
    if (typeof body !== 'string' || body.trim() === '') {
      throw new ValidationError([
        { field: 'body', reason: 'un file CSV (text/csv) / a CSV file (text/csv)' },
      ]);
    }
    return this.importer.import(body, { dryRun: query.dryRun ?? false });
  }
}
