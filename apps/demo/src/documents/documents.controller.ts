import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentIdentity, type Identity, NoStore } from '@stepgate/auth';
import { ApiDemoProblems } from '../openapi';
import { CreateDocumentCommand } from './create-document.command';
import { DeleteDocumentCommand } from './delete-document.command';
import { DocumentDto, DocumentListDto, ListDocumentsQueryDto, NewDocumentDto } from './document.dto';
import { GetDocumentQuery } from './get-document.query';
import { ListDocumentsQuery } from './list-documents.query';

const NOT_READABLE = { 404: 'NOT_FOUND (no such document, or one you may not read: the two are not told apart)' };
const ID = ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid', pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' } });

/**
 * ABAC (DESIGN.md section 4a): each route sends the caller along with its command or query, and the
 * handlers check the rules, so the same checks hold for an app that sends them on its own bus.
 */
@ApiTags('demo')
@ApiBearerAuth()
@NoStore()
@Controller('demo/documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a document, owned by you and in your department' })
  @ApiCreatedResponse({ type: DocumentDto })
  @ApiDemoProblems({}, { body: true })
  async create(@Body() body: NewDocumentDto, @CurrentIdentity() identity: Identity): Promise<DocumentDto> {
    return this.commands.execute(new CreateDocumentCommand(body.title, identity));
  }

  @Get()
  @ApiOperation({ summary: 'The documents you may read (yours, your department’s; all for admins), newest first, with what you may do with each' })
  @ApiOkResponse({ type: DocumentListDto })
  @ApiDemoProblems({ 400: 'VALIDATION_FAILED (`errors` names the query parameter; page and page_size are the only ones)' })
  async list(@Query() query: ListDocumentsQueryDto, @CurrentIdentity() identity: Identity): Promise<DocumentListDto> {
    const page = await this.queries.execute(new ListDocumentsQuery(identity, query.page, query.page_size));
    return { items: [...page.items], total: page.total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One document you may read' })
  @ID
  @ApiOkResponse({ type: DocumentDto })
  @ApiDemoProblems(NOT_READABLE)
  async get(@Param('id') id: string, @CurrentIdentity() identity: Identity): Promise<DocumentDto> {
    return this.queries.execute(new GetDocumentQuery(id, identity));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a document: yours, or any as an admin' })
  @ID
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiDemoProblems({ 403: 'FORBIDDEN (you may read this document but not delete it)', ...NOT_READABLE })
  async remove(@Param('id') id: string, @CurrentIdentity() identity: Identity): Promise<void> {
    await this.commands.execute(new DeleteDocumentCommand(id, identity));
  }
}
