import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** How the proxy treats connections: forward them, cut them at once, or hold them unanswered. */
export type FaultMode = 'pass' | 'reset' | 'hang';

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`, to use in place of the server's URL. */
  readonly url: string;
  mode: FaultMode;
  close(): Promise<void>;
}

/**
 * A TCP proxy on 127.0.0.1 in front of a local server, to make it unreachable (`reset`) or stuck
 * (`hang`) for the length of a test without stopping it. Connections already forwarded keep going,
 * as a keep-alive socket to a server that has just gone down would; `close` ends them all.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const proxy: { mode: FaultMode } = { mode: 'pass' };
  const server: Server = createServer((client) => {
    track(client);
    if (proxy.mode === 'reset') return void client.resetAndDestroy();
    if (proxy.mode === 'hang') return;
    const upstream = connect({ host: hostname, port: Number(port) });
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get mode() {
      return proxy.mode;
    },
    set mode(mode: FaultMode) {
      proxy.mode = mode;
      // A new mode holds for the connections that come next, so the pool's idle sockets go now.
      if (mode !== 'pass') for (const socket of sockets) socket.destroy();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
