import { QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Authorize, NotFoundError, PermittedActions } from '@stepgate/auth';
import type { Repository } from 'typeorm';
import { type DocumentView, documentIdOf, viewOf } from './document';
import { DocumentEntity } from './document.entity';
import { GetDocumentQuery } from './get-document.query';

// No `implements IQueryHandler<...>`: that would type `execute` as the bus's answer, which
// `@PermittedActions` completes by adding `permitted_actions` to what `execute` returns.
@QueryHandler(GetDocumentQuery)
export class GetDocumentHandler {
  constructor(@InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>) {}

  @Authorize<GetDocumentQuery>({ resource: 'document', action: 'read', idFrom: 'id' })
  @PermittedActions<GetDocumentQuery, DocumentView>({ resource: 'document' })
  async execute({ id }: GetDocumentQuery): Promise<DocumentView> {
    const stored = documentIdOf(id);
    // Deleted since the check: as gone as one that never was.
    const row = stored === undefined ? null : await this.documents.findOneBy({ id: stored });
    if (!row) throw new NotFoundError('Document');
    return viewOf(row);
  }
}
