import { randomUUID } from 'node:crypto';
import { CommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock, PermittedActions } from '@stepgate/auth';
import type { Repository } from 'typeorm';
import { CreateDocumentCommand } from './create-document.command';
import { type DocumentView, titleOf, viewOf } from './document';
import { DocumentEntity } from './document.entity';

// No `implements ICommandHandler<...>`: that would type `execute` as the bus's answer, which
// `@PermittedActions` completes by adding `permitted_actions` to what `execute` returns.
@CommandHandler(CreateDocumentCommand)
export class CreateDocumentHandler {
  constructor(
    @InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>,
    private readonly clock: Clock,
  ) {}

  // The caller is required before anything is written; the answer carries what they may do with it.
  @PermittedActions<CreateDocumentCommand, DocumentView>({ resource: 'document' })
  async execute({ title, identity }: CreateDocumentCommand): Promise<DocumentView> {
    const row = this.documents.create({
      id: randomUUID(),
      title: titleOf(title),
      ownerId: identity.userId,
      department: identity.attributes?.department ?? null,
      createdAt: this.clock.now(),
    });
    await this.documents.insert(row);
    return viewOf(row);
  }
}
