import type { FilterValue } from './filter-condition';
import type { Identity } from '../identity';

/** An operator a rule condition may use on a field: each one means the same in memory and in SQL. */
export interface FieldOperators {
  readonly $eq?: FilterValue;
  readonly $ne?: FilterValue;
  readonly $in?: readonly FilterValue[];
  readonly $nin?: readonly FilterValue[];
  /** Ordering compares numbers only: strings sort differently in JavaScript, SQLite and PostgreSQL. */
  readonly $lt?: number;
  readonly $lte?: number;
  readonly $gt?: number;
  readonly $gte?: number;
  /** True: the field holds a value (not null). False: it holds none. */
  readonly $exists?: boolean;
  /** The field's operators do not all hold: `{ status: { $not: { $in: ['archived'] } } }`. */
  readonly $not?: FieldOperators;
}

/**
 * Conditions over the resource's fields, in CASL's (MongoDB's) notation: `{ owner_id: identity.userId }`,
 * `{ status: { $in: ['draft', 'review'] } }`, `{ 'project.department': 'research' }`, `$and`, `$or`,
 * and a field's `$not`. A field given `undefined` (an attribute the identity lacks) makes the whole rule void, so
 * a user without a department is never taken for a member of every document without one.
 */
export interface RuleConditions {
  readonly $and?: readonly RuleConditions[];
  readonly $or?: readonly RuleConditions[];
  readonly [field: string]: FilterValue | undefined | FieldOperators | readonly RuleConditions[];
}

/**
 * One rule in CASL's shape, the subject being the resource type the rule is declared under:
 * `{ action: 'read', conditions: { department: identity.attributes?.department } }`. Inverted rules
 * (`inverted: true`) forbid; a later rule takes precedence over an earlier one, as in CASL.
 */
export interface AuthorizationRule {
  readonly action: string | readonly string[];
  readonly conditions?: RuleConditions;
  readonly inverted?: boolean;
  /** Why an inverted rule forbids; for the app's own logs. */
  readonly reason?: string;
}

/**
 * Finds one resource by id, for `@Authorize` to check before the handler runs. A Nest provider of
 * the app. The id is what the message holds, unchecked: answer `undefined` for one that is not an
 * id of yours (PostgreSQL throws on a malformed uuid, which would be a 500) rather than query with it.
 */
export interface ResourceFinder<T extends object = object> {
  find(id: string): Promise<T | undefined | null>;
}

/** The rules of one resource type. */
export interface ResourcePolicy {
  /** Every action the rules may grant; `permitted_actions` lists those the caller holds. */
  readonly actions: readonly string[];
  /**
   * The rules for one identity: a function of its id, groups and attributes only. Its answer is kept
   * for the identity of a verified access token (until the token expires), so it must not read the
   * clock, flags or the database.
   */
  readonly rules: (identity: Identity) => readonly AuthorizationRule[];
  /**
   * The app's provider that loads one resource by id, for `@Authorize({ idFrom })`. A class token
   * resolved from the app's modules.
   */
  readonly finder?: abstract new (...args: never[]) => ResourceFinder;
  /** The action whose refusal hides the resource altogether (404 rather than 403). @default 'read' */
  readonly readAction?: string;
}

/** The `authorization` option: resource types and their rules. */
export interface AuthorizationOptions {
  readonly resources: Readonly<Record<string, ResourcePolicy>>;
}
