/** A user as the local identity provider stores it. */
export interface UserAccount {
  readonly id: string;
  /** Stored lower-cased: usernames are matched without regard to case. */
  readonly username: string;
  readonly email?: string;
  /** E.164, e.g. `+15550100002`. */
  readonly phoneNumber?: string;
  /** An argon2id PHC string; never the password. */
  readonly passwordHash: string;
  readonly groups: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly createdAt: Date;
}

/** What an update may change; absent fields are left as they are. */
export interface UserAccountChanges {
  readonly groups?: readonly string[];
  readonly attributes?: Readonly<Record<string, string>>;
  readonly enabled?: boolean;
  readonly passwordHash?: string;
}

/** Storage of the local identity provider's users. */
export abstract class UserAccountRepository {
  abstract findByUsername(username: string): Promise<UserAccount | undefined>;
  abstract findById(id: string): Promise<UserAccount | undefined>;
  /** Ordered by username. `search` matches a case-insensitive substring of username or email. */
  abstract list(query: { offset: number; limit: number; search?: string }): Promise<{ items: UserAccount[]; total: number }>;
  /** Throws `UsernameTakenError` when the username is taken. */
  abstract insert(account: UserAccount): Promise<void>;
  /** Applies the changes in one write and returns the account as it then is; `undefined` when there is none. */
  abstract update(id: string, changes: UserAccountChanges): Promise<UserAccount | undefined>;
  /**
   * Replaces the password hash only while it is still `expectedHash`, in one conditional write: of two
   * changes made from the same verified password, one wins and the other gets `false`.
   */
  abstract replacePasswordHash(id: string, expectedHash: string, newHash: string): Promise<boolean>;
  abstract remove(id: string): Promise<void>;
}
