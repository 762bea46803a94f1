// The demo's documents over HTTP on the embedded database (SQLite in memory), on both HTTP adapters;
// the cases and the threats they guard against are in documents.cases.ts.
import { documentsOverHttp } from './documents.cases';
import { startDemo } from './support/demo-app';

for (const platform of ['express', 'fastify'] as const) {
  documentsOverHttp(`documents on SQLite, ${platform}`, () => startDemo({ platform }));
}
