import { QueryBus, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { AuthorizationFilterQuery, PermittedActions, ValidationFailedError } from '@stepgate/auth';
import { whereAuthorized } from '@stepgate/auth/typeorm';
import type { Repository } from 'typeorm';
import { type DocumentView, viewOf } from './document';
import { DocumentEntity } from './document.entity';
import { DOCUMENT_COLUMNS } from './document.policy';
import { type DocumentPage, ListDocumentsQuery, MAX_PAGE, MAX_PAGE_SIZE } from './list-documents.query';

// No `implements IQueryHandler<...>`: that would type `execute` as the bus's answer, which
// `@PermittedActions` completes by adding `permitted_actions` to what `execute` returns.
@QueryHandler(ListDocumentsQuery)
export class ListDocumentsHandler {
  constructor(
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
    private readonly queries: QueryBus,
  ) {}

  @PermittedActions<ListDocumentsQuery, DocumentPage<DocumentView>>({ resource: 'document', from: 'items' })
  async execute({ identity, page, pageSize }: ListDocumentsQuery): Promise<DocumentPage<DocumentView>> {
    checkPaging(page, pageSize);
    // The rules become part of this query's WHERE: rows the caller may not read never leave the
    // database, and the total counts only what they may read.
    const filter = await this.queries.execute(new AuthorizationFilterQuery(identity, 'document', 'read', DOCUMENT_COLUMNS));
    const [rows, total] = await whereAuthorized(this.documents.createQueryBuilder('document'), filter)
      // A total order (id breaks ties of one millisecond), so pages neither repeat nor skip a row.
      .orderBy('document.createdAt', 'DESC')
      .addOrderBy('document.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: rows.map(viewOf), total };
  }
}

// The HTTP DTO checks the same bounds; a query sent on the bus is checked here.
function checkPaging(page: number, pageSize: number): void {
  const errors = [];
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) errors.push({ field: 'page', message: `page must be an integer from 1 to ${MAX_PAGE}` });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) errors.push({ field: 'page_size', message: `page_size must be an integer from 1 to ${MAX_PAGE_SIZE}` });
  if (errors.length > 0) throw new ValidationFailedError(errors);
}
