/** A user as the local identity provider stores it. */
export interface UserAccount {
  readonly id: string;
  /** Stored lower-cased: usernames are matched without regard to case. */
  readonly username: string;
  readonly email?: string;
  /** An argon2id PHC string; never the password. */
  readonly passwordHash: string;
  readonly groups: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly enabled: boolean;
  readonly createdAt: Date;
}

/** Storage of the local identity provider's users. */
export abstract class UserAccountRepository {
  abstract findByUsername(username: string): Promise<UserAccount | undefined>;
  abstract findById(id: string): Promise<UserAccount | undefined>;
  /** Ordered by username. `search` matches a case-insensitive substring of username or email. */
  abstract list(query: { offset: number; limit: number; search?: string }): Promise<{ items: UserAccount[]; total: number }>;
  /** Throws when the username is taken. */
  abstract insert(account: UserAccount): Promise<void>;
  abstract remove(id: string): Promise<void>;
}
