import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ApiClosedBody } from '../openapi';
import { DOCUMENT_ACTIONS, type DocumentAction, MAX_TITLE_LENGTH, TITLE_PATTERN } from './document';
import { MAX_PAGE, MAX_PAGE_SIZE } from './list-documents.query';

// The decorator nearest a property is checked first (stopAtFirstError): the type before the bounds.
@ApiClosedBody()
export class NewDocumentDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_TITLE_LENGTH,
    pattern: TITLE_PATTERN,
    example: 'Quarterly research notes',
    description: 'Stored trimmed; it must hold something besides white space, and no NUL character.',
  })
  @Matches(new RegExp(TITLE_PATTERN), { message: 'title must hold something besides white space, and no NUL character' })
  @MaxLength(MAX_TITLE_LENGTH)
  @IsString()
  title: string;
}

/** Paging only: no field of it can name whose documents to list, so none can widen what is read. */
export class ListDocumentsQueryDto {
  @ApiPropertyOptional({ type: 'integer', default: 1, minimum: 1, maximum: MAX_PAGE })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PAGE)
  @Min(1)
  @IsInt()
  page = 1;

  @ApiPropertyOptional({ type: 'integer', default: 20, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_PAGE_SIZE)
  @Min(1)
  @IsInt()
  page_size = 20;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ maxLength: MAX_TITLE_LENGTH, example: 'Quarterly research notes' }) title: string;
  @ApiProperty({ description: 'The user id of the one who created it.' }) owner_id: string;
  @ApiProperty({ type: 'string', nullable: true, example: 'research', description: "The creator's department; null when they had none." }) department: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ enum: DOCUMENT_ACTIONS, isArray: true, description: 'What you may do with it.' }) permitted_actions: readonly DocumentAction[];
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto], maxItems: MAX_PAGE_SIZE, description: 'One page of the documents you may read, newest first.' }) items: DocumentDto[];
  @ApiProperty({ type: 'integer', minimum: 0, description: 'How many documents you may read in all.' }) total: number;
}
