import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Authorize, NotFoundError } from '@stepgate/auth';
import type { Repository } from 'typeorm';
import { DeleteDocumentCommand } from './delete-document.command';
import { documentIdOf } from './document';
import { DocumentEntity } from './document.entity';

@CommandHandler(DeleteDocumentCommand)
export class DeleteDocumentHandler implements ICommandHandler<DeleteDocumentCommand, void> {
  constructor(@InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>) {}

  @Authorize<DeleteDocumentCommand>({ resource: 'document', action: 'delete', idFrom: 'id' })
  async execute({ id }: DeleteDocumentCommand): Promise<void> {
    const stored = documentIdOf(id);
    // Never a criteria without the id: TypeORM would read `{ id: undefined }` as no condition at all.
    if (stored === undefined) throw new NotFoundError('Document');
    // Two deletes racing both pass the check; the second removes nothing, and is answered the same.
    await this.documents.delete({ id: stored });
  }
}
