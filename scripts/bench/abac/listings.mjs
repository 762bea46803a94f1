// The two ways to list one page of what a department member may read, and the demo's document
// policy they both answer to (DESIGN.md section 4: read for the owner, the same department and
// `admin`; update and delete for the owner and `admin`).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// From dist, through the package's own exports: what an app installs.
const { CaslAuthorizationPolicy, mapFilterFields } = require('@stepgate/auth');
const { whereAuthorized } = require('@stepgate/auth/typeorm');

export const documentPolicy = new CaslAuthorizationPolicy({
  resources: {
    document: {
      actions: ['read', 'update', 'delete'],
      rules: (identity) => [
        { action: ['read', 'update', 'delete'], conditions: { owner_id: identity.userId } },
        { action: 'read', conditions: { department: identity.attributes?.department } },
        ...(identity.groups.includes('admin') ? [{ action: ['read', 'update', 'delete'] }] : []),
      ],
    },
  },
});

// Rule field -> alias.property, as an app passes to AuthorizationFilterQuery.
const FIELD_MAPPING = { owner_id: 'document.owner_id', department: 'document.department' };

function pageQuery(documents) {
  // Newest first; the id breaks ties, so a page is the same on every run and in both ways.
  return documents.createQueryBuilder('document').orderBy('document.created_at', 'DESC').addOrderBy('document.id', 'DESC');
}

/** The page query with the member's filter merged in, as a list handler builds it on every request. */
export function pushdownQuery(documents, identity, { page, pageSize }) {
  const filter = mapFilterFields(documentPolicy.filterFor(identity, 'read', 'document'), FIELD_MAPPING);
  return whereAuthorized(pageQuery(documents), filter).skip((page - 1) * pageSize).take(pageSize);
}

/** The filter in the query: the database finds the page and counts the rest (`getManyAndCount`: two queries). */
export async function pushdown(documents, identity, settings) {
  const [rows, total] = await pushdownQuery(documents, identity, settings).getManyAndCount();
  return { ids: rows.map((row) => row.id), total };
}

/** Every row loaded, in page order, and checked one by one in memory with the same policy. */
export async function loadAndFilter(documents, identity, { page, pageSize }) {
  const rows = await pageQuery(documents).getMany();
  const readable = rows.filter((row) => documentPolicy.can(identity, 'read', 'document', row));
  const offset = (page - 1) * pageSize;
  return { ids: readable.slice(offset, offset + pageSize).map((row) => row.id), total: readable.length, loaded: rows.length };
}
