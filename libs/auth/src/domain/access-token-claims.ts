import type { AssuranceLevel, AuthenticationMethod } from './authentication-method';
import type { SessionMode } from './session-mode';

/**
 * The claims of an access token the module issues (RFC 9068 profile): who (`sub`), which session
 * (`sid`), how strongly they authenticated (`acr`, `amr`, `auth_time`) and what they may do (`permits`).
 */
export interface AccessTokenClaims {
  readonly iss: string;
  readonly aud: string;
  readonly sub: string;
  readonly sid: string;
  readonly jti: string;
  readonly iat: number;
  readonly exp: number;
  readonly preferred_username: string;
  readonly email?: string;
  readonly permits: readonly string[];
  readonly acr: AssuranceLevel;
  readonly amr: readonly AuthenticationMethod[];
  readonly auth_time: number;
  /** Whether guards must look the session up on every request. */
  readonly session_mode: SessionMode;
  /** The user's identity attributes (bounded), so policies read them without a directory lookup. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** The `source` of a verified token the module signed itself: only those name a module session. */
export const OWN_TOKEN_SOURCE = 'stepgate';
