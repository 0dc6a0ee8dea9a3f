import {createHmac} from 'node:crypto';
import {isIP} from 'node:net';

import type {Context} from 'hono';

/**
 * The network a request came from: the /24 of an IPv4 address or the /64 of an IPv6 one, the unit
 * a person or a small office usually has. With `trustProxy`, the left-most `X-Forwarded-For` address
 * (set by the reverse proxy in front) is used; otherwise the socket's, so a client cannot pick its own.
 */
export function networkOf(c: Context, trustProxy: boolean): string {
  const forwarded = trustProxy ? c.req.header('X-Forwarded-For')?.split(',')[0]?.trim() : undefined;
  const incoming = (c.env as {incoming?: {socket?: {remoteAddress?: string}}} | undefined)?.incoming;
  const address = forwarded || incoming?.socket?.remoteAddress || '';
  return networkOfAddress(address);
}

export function networkOfAddress(address: string): string {
  const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIP(plain) === 4) return `${plain.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(plain) === 6) {
    const [head = '', tail = ''] = plain.split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    const groups = plain.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
    return `${groups.slice(0, 4).map((g) => g.toLowerCase().replace(/^0+(?=.)/, '')).join(':')}::/64`;
  }
  return 'unknown';
}

/**
 * A network as stored: keyed by a salt that changes every day (derived from a secret kept in the
 * database), so the rate-limit tables never hold an address, and yesterday's hashes link to nothing.
 */
export function hashNetwork(network: string, secret: Buffer, now = Date.now()): string {
  const day = Math.floor(now / 86_400_000);
  const salt = createHmac('sha256', secret).update(`network-salt\0${day}`).digest();
  return createHmac('sha256', salt).update(network).digest('base64url').slice(0, 22);
}
