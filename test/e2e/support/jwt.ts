import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import { base64url, calculateJwkThumbprint, decodeJwt, type JWK, type JWTPayload, SignJWT } from 'jose';
import { TEST_SIGNING_KEY } from './demo-app';
import { lowS } from './ecdsa';

/** The demo's signing key in the tests, and its `kid` as the module computes it (RFC 7638 thumbprint). */
export const TEST_PRIVATE_KEY: KeyObject = createPrivateKey(TEST_SIGNING_KEY);
export const TEST_PUBLIC_KEY: KeyObject = createPublicKey(TEST_PRIVATE_KEY);
export const TEST_PUBLIC_JWK = TEST_PUBLIC_KEY.export({ format: 'jwk' }) as JWK;
export const TEST_PUBLIC_PEM = TEST_PUBLIC_KEY.export({ format: 'pem', type: 'spki' }).toString();
export const testKid = (): Promise<string> => calculateJwkThumbprint(TEST_PUBLIC_JWK, 'sha256');

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** The claims of a genuine access token, to build forgeries that differ from it in one way only. */
export function claimsOf(accessToken: string): JWTPayload & Record<string, unknown> {
  return decodeJwt(accessToken) as JWTPayload & Record<string, unknown>;
}

/** Signs `payload` as given (no claim is added) with an EC key, ES256, `typ: at+jwt`, in the low-S form the module requires. */
export async function signEs256(payload: Record<string, unknown>, options: { key?: KeyObject; kid?: string; typ?: string } = {}): Promise<string> {
  const kid = options.kid ?? (await testKid());
  return lowS(await new SignJWT(payload).setProtectedHeader({ alg: 'ES256', kid, typ: options.typ ?? 'at+jwt' }).sign(options.key ?? TEST_PRIVATE_KEY));
}

/** HS256 with `secret` as the HMAC key: the key-confusion forgery. */
export async function signHs256(payload: Record<string, unknown>, secret: Uint8Array, kid: string): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', kid, typ: 'at+jwt' }).sign(secret);
}

/** An unsecured JWT (`alg: none`, empty signature). */
export function unsigned(payload: Record<string, unknown>, kid: string): string {
  const encode = (value: object) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none', kid, typ: 'at+jwt' })}.${encode(payload)}.`;
}

/** `token` with its payload replaced and its original signature kept. */
export function withPayload(token: string, payload: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return `${header}.${base64url.encode(JSON.stringify(payload))}.${signature}`;
}

export const otherEcKey = (): KeyObject => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
