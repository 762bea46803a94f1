import { parseArgs } from 'node:util';
import { generateSigningKey } from '../adapters/jwt/generate-signing-key';
import type { SigningAlgorithm } from '../adapters/jwt/signing-key';

/** Where the command writes: keys to `stdout` (so `> file` captures only them), guidance to `stderr`. */
export interface KeygenIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

const ALGORITHMS: readonly SigningAlgorithm[] = ['ES256', 'ES384', 'RS256', 'PS256'];
const FORMATS = ['pem', 'jwk', 'both'] as const;

export const USAGE = `Usage: npx stepgate-keygen [--alg ES256|ES384|RS256|PS256] [--format pem|jwk|both]

Prints a new access-token signing key for @stepgate/auth.
  --alg     signature algorithm (default ES256)
  --format  pem: the PKCS#8 PEM only; jwk: the private JWK only; both (default): the PEM,
            the private JWK and the public JWK
  --help    this text

The keys go to standard output, the instructions to standard error.
`;

/**
 * `stepgate-keygen`: generates a key and prints it. Returns the exit code rather than exiting, so
 * it can be called in-process.
 *
 * @example
 * process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: KeygenIo = processIo): Promise<number> {
  let values: { alg?: string; format?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: { alg: { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const algorithm = (values.alg ?? 'ES256').toUpperCase() as SigningAlgorithm;
  const format = (values.format ?? 'both').toLowerCase() as (typeof FORMATS)[number];
  if (!ALGORITHMS.includes(algorithm) || !FORMATS.includes(format)) {
    io.stderr(`Unknown ${ALGORITHMS.includes(algorithm) ? `--format "${values.format}"` : `--alg "${values.alg}"`}.\n\n${USAGE}`);
    return 2;
  }
  const key = await generateSigningKey(algorithm);
  const pem = key.privateKeyPem.trimEnd();
  const privateJwk = JSON.stringify(key.privateJwk);
  if (format === 'pem') io.stdout(`${pem}\n`);
  if (format === 'jwk') io.stdout(`${privateJwk}\n`);
  if (format === 'both') {
    io.stdout(
      [
        `# ${algorithm} signing key, kid ${key.kid}`,
        '# Private key, PKCS#8 PEM (secret):',
        pem,
        '',
        '# Private key, JWK (secret):',
        privateJwk,
        '',
        '# Public key, JWK (as /auth/.well-known/jwks.json publishes it; not secret):',
        JSON.stringify(key.publicJwk),
        '',
      ].join('\n'),
    );
  }
  io.stderr(instructions(algorithm));
  return 0;
}

function instructions(algorithm: SigningAlgorithm): string {
  const algorithmOption = algorithm === 'ES256' ? '' : `, algorithm: '${algorithm}'`;
  return `
Keep the private key out of source control and logs. To write a new one straight into a file
only you can read (mode 0600), and hand it to the app through the environment:
  (umask 077; npx stepgate-keygen --alg ${algorithm} --format pem > signing-key.pem)
  SIGNING_KEY_PEM="$(cat signing-key.pem)"
  AuthModule.forRoot({ signingKey: { privateKey: process.env.SIGNING_KEY_PEM!${algorithmOption} } })
A JWK can be given instead of the PEM (it carries its kid and alg).
When you replace a key, keep the old one as previousSigningKeys: [{ publicKey: <its public JWK> }]
until the access tokens it signed have expired.
`;
}

const processIo: KeygenIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};
