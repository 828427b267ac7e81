import { describe, expect, it } from 'vitest';
import { blockedKind, isAllowedAddress } from '../../src/ingest/address.js';

describe('blockedKind', () => {
  const CASES: [string, ReturnType<typeof blockedKind>][] = [
    ['8.8.8.8', undefined],
    ['93.184.216.34', undefined],
    ['2606:4700:4700::1111', undefined],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', undefined],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.0.0.2', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['100.128.0.1', undefined],
    ['100.100.100.200', 'metadata'],
    ['0.0.0.0', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['fe80::1', 'link-local'],
    ['fe80::1%eth0', 'link-local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'reserved'],
    ['::ffff:10.0.0.5', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::a00:5', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'],
    ['2001:db8::1', 'reserved'],
    ['localhost', 'reserved'],
    ['not an address', 'reserved'],
  ];
  for (const [address, kind] of CASES) {
    it(`${address} → ${kind ?? 'public'}`, () => expect(blockedKind(address)).toBe(kind));
  }
});

describe('isAllowedAddress', () => {
  it('lets STORIES_FETCH_ALLOW_LOOPBACK through 127.0.0.1 and nothing else private', () => {
    expect(isAllowedAddress('127.0.0.1', false)).toBe(false);
    expect(isAllowedAddress('127.0.0.1', true)).toBe(true);
    for (const other of [
      '127.0.0.2',
      '::1',
      '::ffff:127.0.0.1',
      '10.0.0.5',
      '169.254.169.254',
      '192.168.0.1',
      '0.0.0.0',
    ]) {
      expect(isAllowedAddress(other, true)).toBe(false);
    }
    expect(isAllowedAddress('8.8.8.8', false)).toBe(true);
  });
});
