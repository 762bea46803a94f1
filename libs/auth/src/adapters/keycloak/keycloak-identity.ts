import type { IdentityAdapters } from '../../auth-module.options';
import { KeycloakAccessTokenVerifier, type KeycloakAccessTokenVerifierOptions } from './keycloak-access-token.verifier';
import { KeycloakIdentityProvider } from './keycloak-identity.provider';
import { verifyLogoutToken } from './keycloak-logout-token';
import { KeycloakConfigError, KeycloakRealm, type KeycloakRealmOptions } from './keycloak-realm';
import { KeycloakUserDirectory } from './keycloak-user-directory';

/** How realm tokens are read; the same reading serves the password grant's tokens and, opted in, bearer tokens. */
export type KeycloakTokenOptions = Omit<KeycloakAccessTokenVerifierOptions, 'realm' | 'introspect'>;

/** Options of `keycloakIdentity`: the realm, and whether guarded routes also take its own tokens. */
export interface KeycloakIdentityOptions extends KeycloakRealmOptions {
  /** Claims, audiences and algorithms of the realm's tokens. @default see `KeycloakAccessTokenVerifierOptions` */
  tokens?: KeycloakTokenOptions;
  /**
   * Accept access tokens the realm issued as bearer tokens on guarded routes, beside the module's
   * own (clients that sign in at Keycloak directly). `{ introspect }` asks the realm whether each
   * new one is still active. @default false
   */
  acceptRealmTokens?: boolean | Pick<KeycloakAccessTokenVerifierOptions, 'introspect'>;
}

/**
 * Keycloak as the identity provider (DESIGN.md section 4b): the realm checks passwords (password
 * grant), lists and manages users (admin REST API through the client's service account), and ends
 * its session when the module's ends. Pass the result as `identity` to `AuthModule.forRoot`.
 *
 * @example
 * AuthModule.forRoot({ signingKey, identity: keycloakIdentity({ url: 'http://127.0.0.1:8180', realm: 'stepgate', clientId: 'stepgate-api', clientSecret, acceptRealmTokens: true }) })
 */
export function keycloakIdentity(options: KeycloakIdentityOptions): IdentityAdapters {
  const realm = new KeycloakRealm(options);
  const grantTokens = new KeycloakAccessTokenVerifier({ ...options.tokens, realm });
  const provider = new KeycloakIdentityProvider({
    realm,
    tokens: grantTokens,
    logoutNotices: (logoutToken, now) => verifyLogoutToken(grantTokens.keys, realm, logoutToken, now, options.tokens?.algorithms),
  });
  const realmTokens = realmTokenVerifier(realm, grantTokens, options);
  // The directory reads the same attributes the tokens carry, so a refresh keeps what the sign-in gave.
  const directory = new KeycloakUserDirectory(realm, { attributes: options.tokens?.attributeClaims });
  return { provider, directory, accessTokenVerifiers: realmTokens ? [realmTokens] : [] };
}

// Without introspection the password grant's verifier serves bearer tokens too, with one set of keys.
function realmTokenVerifier(realm: KeycloakRealm, grantTokens: KeycloakAccessTokenVerifier, options: KeycloakIdentityOptions): KeycloakAccessTokenVerifier | undefined {
  const accept = options.acceptRealmTokens;
  if (!accept) return undefined;
  if (accept === true || !accept.introspect) return grantTokens;
  return new KeycloakAccessTokenVerifier({ ...options.tokens, realm, introspect: accept.introspect });
}

const SETTINGS = { url: 'KEYCLOAK_URL', realm: 'KEYCLOAK_REALM', clientId: 'KEYCLOAK_CLIENT_ID', clientSecret: 'KEYCLOAK_CLIENT_SECRET' } as const;

/**
 * The realm `KEYCLOAK_URL`, `KEYCLOAK_REALM`, `KEYCLOAK_CLIENT_ID` and `KEYCLOAK_CLIENT_SECRET`
 * name; undefined when none is set. Some but not all set is a mistake, and throws naming the rest.
 */
export function keycloakSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): KeycloakRealmOptions | undefined {
  const entries = Object.entries(SETTINGS).map(([option, name]) => [option, env[name]?.trim() || undefined, name] as const);
  const missing = entries.filter(([, value]) => value === undefined).map(([, , name]) => name);
  if (missing.length === entries.length) return undefined;
  if (missing.length > 0) throw new KeycloakConfigError(`Keycloak is half configured: set ${missing.join(', ')} too, or unset the other KEYCLOAK_* variables.`);
  return Object.fromEntries(entries.map(([option, value]) => [option, value])) as unknown as KeycloakRealmOptions;
}

/**
 * The identity adapters the environment asks for: Keycloak when the `KEYCLOAK_*` variables are
 * set (see `keycloakSettingsFromEnv`), otherwise undefined, which `AuthModule.forRoot` reads as the
 * local provider over the module's own user table.
 *
 * @example
 * AuthModule.forRoot({ signingKey, identity: createDefaultIdentityProvider(process.env, { acceptRealmTokens: true }) })
 */
export function createDefaultIdentityProvider(
  env: NodeJS.ProcessEnv = process.env,
  options: Omit<KeycloakIdentityOptions, keyof KeycloakRealmOptions> = {},
): IdentityAdapters | undefined {
  const settings = keycloakSettingsFromEnv(env);
  return settings ? keycloakIdentity({ ...settings, ...options }) : undefined;
}
