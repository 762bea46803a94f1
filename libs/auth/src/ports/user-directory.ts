import type { Identity } from '../domain/identity';

export interface DirectoryUser extends Identity {
  readonly enabled: boolean;
}

export interface UserPage {
  readonly items: DirectoryUser[];
  readonly total: number;
}

export interface UserQuery {
  /** 1-based. */
  readonly page: number;
  readonly pageSize: number;
  /** Case-insensitive substring of the username or email. */
  readonly search?: string;
}

export interface NewUser {
  readonly username: string;
  readonly password: string;
  readonly email?: string;
  readonly groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Reads and manages the users an identity provider knows. */
export abstract class UserDirectory {
  abstract findById(userId: string): Promise<DirectoryUser | undefined>;
  abstract list(query: UserQuery): Promise<UserPage>;
  abstract create(user: NewUser): Promise<DirectoryUser>;
  /** Removing an absent user is not an error: the call is idempotent. */
  abstract remove(userId: string): Promise<void>;
}
