import { Query } from '@nestjs/cqrs';
import type { Identity } from '@stepgate/auth';
import type { DocumentView, WithPermittedActions } from './document';

/** Bounds of paging: an unbounded page would reach the SQL as an OFFSET like 1e+21, which no database reads. */
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 100;

/** A page as the bus answers it: `@PermittedActions` on the handler annotates each item. */
export interface DocumentPage<Item = WithPermittedActions<DocumentView>> {
  readonly items: readonly Item[];
  /** How many documents `identity` may read in all, counted by the same query. */
  readonly total: number;
}

/** One page of the documents `identity` may read, newest first. */
export class ListDocumentsQuery extends Query<DocumentPage> {
  constructor(
    readonly identity: Identity,
    readonly page: number,
    readonly pageSize: number,
  ) {
    super();
  }
}
