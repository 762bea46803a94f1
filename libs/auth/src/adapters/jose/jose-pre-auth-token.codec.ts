import { CompactEncrypt, compactDecrypt } from 'jose';
import type { AuthSessionState } from '../../domain/auth-session';
import { TokenInvalidError } from '../../domain/auth-error';
import { PreAuthTokenCodec } from '../../ports/pre-auth-token-codec';
import { fromPayload, toPayload } from './pre-auth-token.payload';

/** The `typ` of every token this codec seals, so a JWE made for another purpose is not taken for one. */
export const PRE_AUTH_TOKEN_TYPE = 'stepgate-flow+jwe';

/** Longer tokens are refused before any parsing or decryption: a sealed flow is far smaller. */
export const MAX_PRE_AUTH_TOKEN_LENGTH = 4096;

const HEADER = { alg: 'dir', enc: 'A256GCM', typ: PRE_AUTH_TOKEN_TYPE } as const;
// Stryker disable next-line Regex: dropping either anchor changes nothing, since a part with any character outside the alphabet fails the round-trip comparison beside it (Node writes base64url with those characters only).
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Seals pending sign-ins into compact JWEs (`dir` + `A256GCM`): the client can neither read its
 * progress nor change it, since AES-GCM authenticates the header and the content together.
 *
 * @example
 * const codec = new JosePreAuthTokenCodec(derivePreAuthTokenKey(signingKeyPem));
 * const token = await codec.seal(flow.toState());
 * const state = await codec.open(token); // throws TokenInvalidError for anything else
 */
export class JosePreAuthTokenCodec extends PreAuthTokenCodec {
  private readonly key: Uint8Array;

  /** @param key 32 random bytes, shared by every instance that must open the others' tokens. */
  constructor(key: Uint8Array) {
    super();
    if (!(key instanceof Uint8Array) || key.length !== 32) throw new Error('The pre-auth token key must be 32 bytes (AES-256)');
    this.key = Uint8Array.from(key);
  }

  async seal(flow: AuthSessionState): Promise<string> {
    const plaintext = new TextEncoder().encode(JSON.stringify(toPayload(flow)));
    const token = await new CompactEncrypt(plaintext).setProtectedHeader(HEADER).encrypt(this.key);
    // A token `open` would refuse must not be handed out; the usual cause is an oversized user agent.
    if (token.length > MAX_PRE_AUTH_TOKEN_LENGTH) throw new Error(`A sealed flow of ${token.length} characters exceeds ${MAX_PRE_AUTH_TOKEN_LENGTH}`);
    return token;
  }

  async open(token: string): Promise<AuthSessionState> {
    assertShape(token);
    let plaintext: Uint8Array;
    try {
      // Stryker disable next-line ObjectLiteral: assertShape already refused every header but exactly dir + A256GCM, so jose's own allow-lists cannot refuse anything more.
      ({ plaintext } = await compactDecrypt(token, this.key, { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] }));
    } catch (error) {
      throw new TokenInvalidError(undefined, { cause: error });
    }
    let payload: unknown;
    try {
      payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext));
    } catch (error) {
      throw new TokenInvalidError(undefined, { cause: error });
    }
    return fromPayload(payload);
  }
}

/**
 * Everything checked before the key is touched: size, the five parts, and a protected header of
 * exactly our algorithms. `zip` is refused in particular, since inflating attacker-chosen data
 * before its tag is checked is a decompression-bomb risk (RFC 8725 section 3.6).
 */
function assertShape(token: unknown): asserts token is string {
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_PRE_AUTH_TOKEN_LENGTH) throw refused('length');
  const parts = token.split('.');
  if (parts.length !== 5) throw refused('not five parts');
  const [header, encryptedKey, iv, ciphertext, tag] = parts;
  // `dir` has no encrypted key. A non-canonical base64url part (stray low bits in its last
  // character) decodes to the same bytes, so it is refused to keep one flow to one token string.
  if (encryptedKey !== '' || ![header, iv, ciphertext, tag].every(isCanonicalBase64url)) throw refused('encoding');
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
  } catch {
    throw refused('header is not JSON');
  }
  if (!isExactHeader(fields)) throw refused('header');
}

function isCanonicalBase64url(part: string): boolean {
  return BASE64URL.test(part) && Buffer.from(part, 'base64url').toString('base64url') === part;
}

function isExactHeader(fields: unknown): boolean {
  // Stryker disable next-line ConditionalExpression: Object.entries of a JSON number, boolean or string has no entries or index-named ones, never alg, enc and typ, so the entries check refuses a primitive header the same way.
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return false;
  const entries = Object.entries(fields);
  return entries.length === 3 && entries.every(([name, value]) => Object.hasOwn(HEADER, name) && HEADER[name as keyof typeof HEADER] === value);
}

function refused(reason: string): TokenInvalidError {
  return new TokenInvalidError(undefined, { cause: new Error(`pre_auth_token refused before decryption: ${reason}`) });
}
