import { ValidationFailedError } from '../domain/auth-error';
import type { Identity } from '../domain/identity';

/** A user as the directory lists it: the identity plus whether the account may sign in. */
export interface DirectoryUser extends Identity {
  readonly enabled: boolean;
  /** E.164, e.g. `+15550100002`. */
  readonly phoneNumber?: string;
}

/** One page of users and how many match in all. */
export interface UserPage {
  readonly items: DirectoryUser[];
  readonly total: number;
}

/** Which page of users to list, optionally filtered. */
export interface UserQuery {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** Case-insensitive substring of the username or email. */
  readonly search?: string;
}

/** A user to create; the password is hashed by the directory and never stored as given. */
export interface NewUser {
  readonly username: string;
  /** Already accepted by the password policy and NFKC-normalised by the caller. */
  readonly password: string;
  readonly email?: string;
  /** E.164. */
  readonly phoneNumber?: string;
  readonly groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** An administrator's change to a user; absent fields are left as they are. */
export interface UserChanges {
  /** Replaces the user's groups. */
  readonly groups?: readonly string[];
  /** Replaces the user's attributes. */
  readonly attributes?: Readonly<Record<string, string>>;
  readonly enabled?: boolean;
  /** A new password, accepted by the policy and NFKC-normalised by the caller. */
  readonly password?: string;
}

/** How `changePassword` ended. */
export type PasswordChangeOutcome = 'changed' | 'wrong_password' | 'not_found';

/**
 * The username belongs to another user. A validation failure on the `username` field: DESIGN.md
 * section 4 has no conflict code for it, and the admin fixing the form needs to know which field.
 */
export class UsernameTakenError extends ValidationFailedError {
  constructor() {
    super([{ field: 'username', message: 'This username is taken.' }], 'The username is taken.');
  }
}

/** Reads and manages the users an identity provider knows. */
export abstract class UserDirectory {
  abstract findById(userId: string): Promise<DirectoryUser | undefined>;
  /** The user a sign-in name means (compared as sign-in compares it); a password reset starts here. */
  abstract findByUsername(username: string): Promise<DirectoryUser | undefined>;
  abstract list(query: UserQuery): Promise<UserPage>;
  /** Throws `UsernameTakenError` when the username (compared without regard to case) is in use. */
  abstract create(user: NewUser): Promise<DirectoryUser>;
  /** Applies the changes and returns the user as they now are; `undefined` for an unknown user. */
  abstract update(userId: string, changes: UserChanges): Promise<DirectoryUser | undefined>;
  /**
   * Checks `currentPassword` and replaces it with `newPassword` as one step: when two changes race,
   * only one of them can succeed from the same current password.
   */
  abstract changePassword(userId: string, currentPassword: string, newPassword: string): Promise<PasswordChangeOutcome>;
  /** Removing an absent user is not an error: the call is idempotent. */
  abstract remove(userId: string): Promise<void>;
}
