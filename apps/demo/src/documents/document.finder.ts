import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ResourceFinder } from '@stepgate/auth';
import type { Repository } from 'typeorm';
import { type DocumentView, documentIdOf, viewOf } from './document';
import { DocumentEntity } from './document.entity';

/** Loads one document for `@Authorize`, with its fields as the rules name them. */
@Injectable()
export class DocumentFinder implements ResourceFinder<DocumentView> {
  constructor(@InjectRepository(DocumentEntity) private readonly documents: Repository<DocumentEntity>) {}

  async find(id: string): Promise<DocumentView | undefined> {
    const stored = documentIdOf(id);
    if (stored === undefined) return undefined;
    const row = await this.documents.findOneBy({ id: stored });
    return row ? viewOf(row) : undefined;
  }
}
