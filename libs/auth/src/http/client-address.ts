import { BlockList, isIP } from 'node:net';

/**
 * Which reverse proxies in front of the app are believed when they say, in `X-Forwarded-For`,
 * whom they forward for: a hop count, or the proxies' addresses and CIDR ranges.
 */
export type TrustedProxies = number | readonly string[];

/** The parts of an Express or Fastify request the client address is read from. */
export interface RequestFromClient {
  headers: Record<string, string | string[] | undefined>;
  socket?: { remoteAddress?: string };
  raw?: { socket?: { remoteAddress?: string } };
}

/**
 * Reads the client address the throttles count and the sessions record. The socket's address,
 * unless it belongs to a trusted proxy: then `X-Forwarded-For` is read from the right, one entry
 * per trusted hop, and the first address not vouched for is the client's. Entries left of it were
 * written by the client, so they never choose the address. The adapter's own `trust proxy` and
 * `request.ip` are not used, so Express and Fastify answer alike.
 */
export class ClientAddresses {
  private readonly hops: number;
  private readonly proxies?: BlockList;

  constructor(trusted: TrustedProxies = 0) {
    if (typeof trusted === 'number') {
      if (!Number.isInteger(trusted) || trusted < 0) throw new Error(`trustedProxies must be a hop count (an integer >= 0) or a list of addresses, not ${trusted}`);
      this.hops = trusted;
    } else {
      this.hops = 0;
      this.proxies = blockListOf(trusted);
    }
  }

  of(request: RequestFromClient): string | undefined {
    const socket = request.socket?.remoteAddress ?? request.raw?.socket?.remoteAddress;
    if (socket === undefined || (this.hops === 0 && !this.proxies)) return socket && plain(socket);
    const forwarded = forwardedFor(request.headers['x-forwarded-for']);
    let address = plain(socket);
    for (let hop = 0; this.trusts(address, hop) && forwarded.length > 0; hop += 1) {
      const next = plain(forwarded.pop()!);
      // A trusted proxy that forwards garbage vouches for no one: its own address is all that is known.
      if (isIP(next) === 0) break;
      address = next;
    }
    return address;
  }

  private trusts(address: string, hop: number): boolean {
    if (this.proxies) return this.proxies.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
    return hop < this.hops;
  }
}

function forwardedFor(header: string | string[] | undefined): string[] {
  if (header === undefined) return [];
  const joined = Array.isArray(header) ? header.join(',') : header;
  return joined.split(',').map((entry) => entry.trim());
}

// `::ffff:10.0.0.1` is how a dual-stack socket reports an IPv4 peer; one address, one spelling.
function plain(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function blockListOf(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = prefix === undefined ? undefined : Number(prefix);
    const valid = family !== 0 && extra === undefined && (bits === undefined || (/^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128)));
    if (!valid) throw new Error(`trustedProxies: "${entry}" is neither an IP address nor a CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, bits, type);
  }
  return list;
}
