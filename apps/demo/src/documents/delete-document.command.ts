import { Command } from '@nestjs/cqrs';
import type { Identity } from '@stepgate/auth';

/**
 * Deletes a document: for its owner and admins. One who may read it but not delete it gets 403
 * `FORBIDDEN`; one who may not read it, 404 `NOT_FOUND`.
 */
export class DeleteDocumentCommand extends Command<void> {
  constructor(
    readonly id: string,
    readonly identity: Identity,
  ) {
    super();
  }
}
