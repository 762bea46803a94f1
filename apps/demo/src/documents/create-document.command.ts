import { Command } from '@nestjs/cqrs';
import type { Identity } from '@stepgate/auth';
import type { DocumentView, WithPermittedActions } from './document';

/** Creates a document owned by `identity`, in the identity's department. */
export class CreateDocumentCommand extends Command<WithPermittedActions<DocumentView>> {
  constructor(
    readonly title: string,
    readonly identity: Identity,
  ) {
    super();
  }
}
