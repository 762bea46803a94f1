// Micro-timing of what a guard does per request with a token it has not seen, pinned to one core:
//   taskset -c 1 node scripts/bench/verify-micro.mjs
// Each line: microseconds per operation (median of 5 batches).
import 'reflect-metadata';
import { createHmac, createPublicKey, createSecretKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { importJWK, jwtVerify } from 'jose';

const require = createRequire(import.meta.url);
const jsonwebtoken = require('jsonwebtoken');

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const now = Math.floor(Date.now() / 1000);
const claims = {
  sub: randomUUID(), sid: randomUUID(), preferred_username: 'alice', email: 'alice@example.com', permits: ['staff', 'editor'],
  acr: 'pwd', amr: ['pwd'], auth_time: now, session_mode: 'stateful', iat: now, exp: now + 900, iss: 'stepgate', aud: 'stepgate',
};
const N = 2000;
const tokens = Array.from({ length: N }, () =>
  jsonwebtoken.sign({ ...claims, jti: randomUUID() }, privateKey, { algorithm: 'ES256', header: { alg: 'ES256', kid: 'k1', typ: 'at+jwt' } }),
);
const hsSecret = 'a-string-secret-as-in-the-nest-docs';
const hsToken = jsonwebtoken.sign({ sub: 'u', username: 'bench' }, hsSecret, { algorithm: 'HS256', expiresIn: 3600 });
const joseKey = await importJWK({ ...publicKey.export({ format: 'jwk' }), alg: 'ES256' }, 'ES256');

async function time(label, fn) {
  const batches = [];
  for (let b = 0; b < 6; b++) {
    const start = performance.now();
    for (let i = 0; i < N; i++) await fn(i);
    batches.push(((performance.now() - start) * 1000) / N);
  }
  batches.shift(); // warm-up
  batches.sort((a, b) => a - b);
  console.log(`${batches[2].toFixed(1).padStart(7)} us  ${label}`);
}

const [h, p, s] = tokens[0].split('.');
const raw = Buffer.from(s, 'base64url');
await time('node crypto.verify ES256 (ieee-p1363), the floor and what Stepgate runs', () => verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw));
await time('node crypto.sign ES256', () => sign('sha256', Buffer.from(`${h}.${p}`), { key: privateKey, dsaEncoding: 'ieee-p1363' }));
await time('jsonwebtoken.verify ES256, KeyObject (what @nestjs/jwt JwtService.verify runs)', (i) => jsonwebtoken.verify(tokens[i], publicKey, { algorithms: ['ES256'], issuer: 'stepgate', audience: 'stepgate' }));
for (const [alg, type, opts] of [['RS256', 'rsa', { modulusLength: 2048 }], ['PS256', 'rsa', { modulusLength: 2048 }], ['EdDSA', 'ed25519', {}]]) {
  const pair = generateKeyPairSync(type, opts);
  if (alg === 'EdDSA') {
    const data = Buffer.from(`${h}.${p}`);
    const sig = sign(null, data, pair.privateKey);
    await time('node crypto.verify Ed25519 (no JWT library supports it here: jsonwebtoken has no EdDSA)', () => verify(null, data, pair.publicKey, sig));
    continue;
  }
  const t = jsonwebtoken.sign({ ...claims, jti: randomUUID() }, pair.privateKey, { algorithm: alg, keyid: 'k1' });
  await time(`jsonwebtoken.verify ${alg} 2048, KeyObject`, () => jsonwebtoken.verify(t, pair.publicKey, { algorithms: [alg], issuer: 'stepgate', audience: 'stepgate' }));
  await time(`jsonwebtoken.sign ${alg} 2048`, () => jsonwebtoken.sign(claims, pair.privateKey, { algorithm: alg }));
}
await time('jose jwtVerify ES256 (CryptoKey, async)', (i) => jwtVerify(tokens[i], joseKey, { algorithms: ['ES256'], issuer: 'stepgate', audience: 'stepgate' }));
await time('JSON.parse(base64url payload) only', (i) => JSON.parse(Buffer.from(tokens[i].split('.')[1], 'base64url').toString()));
await time('passport-jwt path: jsonwebtoken.verify HS256, string secret', () => jsonwebtoken.verify(hsToken, hsSecret));
await time('jsonwebtoken.verify HS256, createSecretKey(secret)', () => jsonwebtoken.verify(hsToken, createSecretKey(Buffer.from(hsSecret)), { algorithms: ['HS256'] }));
await time('failing createPublicKey(string secret) alone', () => { try { createPublicKey(hsSecret); } catch {} });
await time('HMAC-SHA256 of a token, the HS256 floor', () => createHmac('sha256', hsSecret).update(hsToken).digest());
