import {randomBytes, scrypt, timingSafeEqual, type ScryptOptions} from 'node:crypto';

/** scrypt at OWASP's recommended cost (N=2^17 needs 128 MiB; 2^15 with r=8 keeps a small box responsive). */
const COST = {N: 2 ** 15, r: 8, p: 1} as const;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, {...options, maxmem: 256 * 1024 * 1024}, (error, key) =>
      (error ? reject(error) : resolve(key)));
  });
}

/** A password hash to put in the server's configuration: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when `hash` looks like one `hashPassword` made. */
export function isPasswordHash(hash: string): boolean {
  return /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/.test(hash);
}

/** Checks a password against a stored hash in constant time; a malformed hash matches nothing. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  if (!isPasswordHash(hash)) return false;
  const [, n, r, p, salt, expected] = hash.split('$') as [string, string, string, string, string, string];
  const expectedKey = Buffer.from(expected, 'base64url');
  if (expectedKey.length !== KEY_LENGTH) return false;
  const key = await derive(password, Buffer.from(salt, 'base64url'), {N: Number(n), r: Number(r), p: Number(p)});
  return timingSafeEqual(key, expectedKey);
}
