// Sign-in requests from a chosen loopback source address. The server sees each 127.x.y.z as its own
// client (the socket address), so one process can play a legitimate user and a spraying attacker
// (one address, or many) while every request still goes to 127.0.0.1.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const agents = new Map();

function agentFor(localAddress) {
  if (!agents.has(localAddress)) agents.set(localAddress, new http.Agent({ keepAlive: true, maxSockets: 1024, localAddress }));
  return agents.get(localAddress);
}

/** POST /auth/login from `from`; resolves with `{ status, ms, retryAfter }`, never rejects. */
export function login(port, from, username, password) {
  const body = JSON.stringify({ username, password });
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.request(
      { host: '127.0.0.1', port, path: '/auth/login', method: 'POST', agent: agentFor(from), headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 30_000 },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode, ms: performance.now() - started, retryAfter: response.headers['retry-after'] }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    request.end(body);
  });
}

/**
 * Fires one burst: `perAddress` wrong-password sign-ins with distinct unknown usernames from each of
 * `addresses`, all at once; resolves with the promise of their statuses, counted.
 */
let serial = 0;
export function burst(port, addresses, perAddress) {
  const answers = addresses.flatMap((from) => Array.from({ length: perAddress }, () => login(port, from, `sprayed-${++serial}`, 'Spring2026!')));
  return Promise.all(answers).then((all) => all.reduce((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {}));
}

/** Closes the keep-alive sockets, so nothing holds the process open. */
export function closeAgents() {
  for (const agent of agents.values()) agent.destroy();
}
