import { KeyObject, sign } from 'node:crypto';
import { lowS } from './ecdsa';
import { TEST_PRIVATE_KEY, testKid } from './jwt';

export { highLowTwin, isLowS } from './ecdsa';

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * Signs `payload` under `header` (alg ES256, our kid and typ at+jwt unless overridden) as given:
 * no claim is added and no header is checked, so a test can build what a library would refuse to.
 * The signature is the low-S one, the only form the module accepts.
 */
export async function signRawEs256(payload: Record<string, unknown>, header: Record<string, unknown> = {}, key: KeyObject = TEST_PRIVATE_KEY): Promise<string> {
  const input = `${encode({ alg: 'ES256', kid: await testKid(), typ: 'at+jwt', ...header })}.${encode(payload)}`;
  const signature = sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return lowS(`${input}.${signature.toString('base64url')}`);
}
