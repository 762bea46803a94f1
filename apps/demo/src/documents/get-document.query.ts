import { Query } from '@nestjs/cqrs';
import type { Identity } from '@stepgate/auth';
import type { DocumentView, WithPermittedActions } from './document';

/** One document, when `identity` may read it; 404 `NOT_FOUND` otherwise, whether or not it exists. */
export class GetDocumentQuery extends Query<WithPermittedActions<DocumentView>> {
  constructor(
    readonly id: string,
    readonly identity: Identity,
  ) {
    super();
  }
}
