import {describe, expect, it} from 'vitest';

import {hashNetwork, networkOfAddress} from '../../server/src/network.js';

describe('the network of an address', () => {
  it.each([
    ['203.0.113.9', '203.0.113.0/24'],
    ['::ffff:203.0.113.9', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:aaaa::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['not an address', 'unknown'],
    ['', 'unknown'],
  ])('puts %j in %s', (address, network) => {
    expect(networkOfAddress(address)).toBe(network);
  });

  it('hashes a network with a salt that changes every day, so stored keys link to nothing after it', () => {
    const secret = Buffer.alloc(32, 1);
    const day = Date.UTC(2026, 0, 1, 12);
    expect(hashNetwork('203.0.113.0/24', secret, day)).toBe(hashNetwork('203.0.113.0/24', secret, day + 3_600_000));
    expect(hashNetwork('203.0.113.0/24', secret, day)).not.toBe(hashNetwork('203.0.113.0/24', secret, day + 86_400_000));
    expect(hashNetwork('203.0.113.0/24', secret, day)).not.toBe(hashNetwork('203.0.114.0/24', secret, day));
    expect(hashNetwork('203.0.113.0/24', secret, day)).not.toContain('203');
  });
});
