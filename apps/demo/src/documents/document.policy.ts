import type { AuthorizationRule, FieldMapping, Identity } from '@stepgate/auth';
import { DOCUMENT_ACTIONS } from './document';

/**
 * DESIGN.md section 4: `read` for the owner, members of the same department and the `admin` group;
 * `update` and `delete` for the owner and `admin`. A caller without a department gets nothing from
 * the department rule (the library voids a condition given `undefined`), so they never pass for a
 * member of every document that has none. The `document` rules of the demo's `authorization` option.
 */
export function documentRules(identity: Identity): AuthorizationRule[] {
  return [
    { action: [...DOCUMENT_ACTIONS], conditions: { owner_id: identity.userId } },
    { action: 'read', conditions: { department: identity.attributes?.department } },
    ...(identity.groups.includes('admin') ? [{ action: [...DOCUMENT_ACTIONS] }] : []),
  ];
}

/** The rule fields as columns of a query on `DocumentEntity` aliased `document`. */
export const DOCUMENT_COLUMNS: FieldMapping = { owner_id: 'document.ownerId', department: 'document.department' };
