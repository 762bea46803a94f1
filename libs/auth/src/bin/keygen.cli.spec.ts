import { describe, expect, it } from 'vitest';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { loadSigningKey } from '../adapters/jwt/signing-key';
import { main, USAGE } from './keygen.cli';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const PEM_BLOCK = /-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----/;

describe('stepgate-keygen', () => {
  it('prints by default an ES256 PEM, its private JWK and its public JWK, all of one key', async () => {
    const { code, stdout, stderr } = await run();
    expect(code).toBe(0);
    const pem = stdout.match(PEM_BLOCK)![0];
    const [privateJwk, publicJwk] = stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
    const fromPem = createPrivateKey(pem);
    expect(fromPem.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(createPublicKey({ key: publicJwk, format: 'jwk' }).equals(createPublicKey(fromPem))).toBe(true);
    expect(createPrivateKey({ key: privateJwk, format: 'jwk' }).equals(fromPem)).toBe(true);
    const loaded = await loadSigningKey({ privateKey: pem });
    expect({ privateKid: privateJwk.kid, publicKid: publicJwk.kid, alg: publicJwk.alg }).toEqual({ privateKid: loaded.kid, publicKid: loaded.kid, alg: 'ES256' });
    expect(stdout).toContain(`kid ${loaded.kid}`);
    expect(publicJwk).not.toHaveProperty('d');
    // The guidance goes to stderr, so `> file` keeps only the key; it tells where the key goes.
    expect(stderr).toMatch(/umask 077/);
    expect(stderr).toMatch(/SIGNING_KEY_PEM/);
    expect(stderr).toMatch(/previousSigningKeys/);
    expect(stderr).not.toContain(pem.split('\n')[1]);
  });

  it('prints only the PEM with --format pem, ready to redirect into a file', async () => {
    const { code, stdout } = await run('--format', 'pem', '--alg', 'ES384');
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^${PEM_BLOCK.source}\n$`));
    await expect(loadSigningKey({ privateKey: stdout, algorithm: 'ES384' })).resolves.toMatchObject({ algorithm: 'ES384' });
  });

  it('prints only the private JWK with --format jwk, which loads with its own alg', async () => {
    const { code, stdout } = await run('--format=jwk', '--alg=PS256');
    expect(code).toBe(0);
    const jwk = JSON.parse(stdout);
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'PS256', use: 'sig', d: expect.any(String) });
    await expect(loadSigningKey({ privateKey: jwk })).resolves.toMatchObject({ algorithm: 'PS256', kid: jwk.kid });
  });

  it('answers --help with the usage, and an unknown option or value with exit code 2', async () => {
    expect(await run('--help')).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    for (const argv of [['--alg', 'HS256'], ['--format', 'der'], ['--bits', '4096']]) {
      const { code, stdout, stderr } = await run(...argv);
      expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
      expect(stderr).toContain('Usage: npx stepgate-keygen');
    }
  });
});
