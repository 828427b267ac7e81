/**
 * Which network addresses Footnote may fetch a page from. A moderator's link must never make the
 * bot reach into the network it runs in: private ranges, this machine, link-local addresses (and
 * the cloud metadata service at 169.254.169.254 among them), carrier-grade NAT and every other
 * special-purpose range are refused. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4)
 * are judged by that address, so `::ffff:10.0.0.5` is as private as `10.0.0.5`.
 *
 * Pure: no DNS, no sockets.
 */
import { isIP } from 'node:net';

export type BlockedKind = 'private' | 'loopback' | 'link-local' | 'metadata' | 'cgnat' | 'reserved';

interface Range {
  readonly base: bigint;
  readonly bits: number;
  readonly kind: BlockedKind;
}

function ipv4ToBigInt(address: string): bigint | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function ipv6ToBigInt(address: string): bigint | undefined {
  let text = address.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 part ("::ffff:10.0.0.5") becomes two hex groups.
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const v4 = ipv4ToBigInt(dotted[2]!);
    if (v4 === undefined) return undefined;
    text = `${dotted[1]!}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

function v4(cidr: string, kind: BlockedKind): Range {
  const [base, bits] = cidr.split('/');
  return { base: ipv4ToBigInt(base!)!, bits: Number(bits), kind };
}

function v6(cidr: string, kind: BlockedKind): Range {
  const [base, bits] = cidr.split('/');
  return { base: ipv6ToBigInt(base!)!, bits: Number(bits), kind };
}

/** Most specific first: the metadata address is reported as such, not as "link-local". */
const IPV4_RANGES: readonly Range[] = [
  v4('169.254.169.254/32', 'metadata'), // AWS, GCP, Azure, OpenStack…
  v4('100.100.100.200/32', 'metadata'), // Alibaba Cloud
  v4('0.0.0.0/8', 'reserved'), // "this network"; 0.0.0.0 reaches this machine on Linux
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'), // IETF protocol assignments
  v4('192.0.2.0/24', 'reserved'), // documentation
  v4('192.88.99.0/24', 'reserved'), // 6to4 relay anycast
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'), // benchmarking
  v4('198.51.100.0/24', 'reserved'), // documentation
  v4('203.0.113.0/24', 'reserved'), // documentation
  v4('224.0.0.0/4', 'reserved'), // multicast
  v4('240.0.0.0/4', 'reserved'), // future use, and 255.255.255.255 broadcast
];

const IPV6_RANGES: readonly Range[] = [
  v6('fd00:ec2::254/128', 'metadata'), // AWS over IPv6
  v6('::/128', 'reserved'),
  v6('::1/128', 'loopback'),
  v6('100::/64', 'reserved'), // discard
  v6('2001:db8::/32', 'reserved'), // documentation
  v6('2001::/23', 'reserved'), // IETF protocol assignments (Teredo among them)
  v6('fc00::/7', 'private'), // unique local
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'), // old site-local
  v6('ff00::/8', 'reserved'), // multicast
];

function inRange(value: bigint, range: Range, width: number): boolean {
  const shift = BigInt(width - range.bits);
  return value >> shift === range.base >> shift;
}

function classifyV4(value: bigint): BlockedKind | undefined {
  return IPV4_RANGES.find((range) => inRange(value, range, 32))?.kind;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), if any. */
function embeddedV4(value: bigint): bigint | undefined {
  const low32 = value & 0xffffffffn;
  if (value >> 32n === 0xffffn) return low32; // ::ffff:a.b.c.d
  if (value >> 32n === 0n && value > 1n) return low32; // ::a.b.c.d (deprecated "compatible")
  if (value >> 32n === 0x64ff9b0000000000000000n) return low32; // 64:ff9b::/96 NAT64
  if (value >> 112n === 0x2002n) return (value >> 80n) & 0xffffffffn; // 2002:aabb:ccdd::/48 6to4
  return undefined;
}

/**
 * Why an address may not be fetched, or undefined when it is a public address.
 * Anything that is not a well-formed IP address is refused as reserved.
 */
export function blockedKind(address: string): BlockedKind | undefined {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) {
    const value = ipv4ToBigInt(address);
    return value === undefined ? 'reserved' : classifyV4(value);
  }
  if (family === 6) {
    const value = ipv6ToBigInt(address);
    if (value === undefined) return 'reserved';
    const carried = embeddedV4(value);
    if (carried !== undefined) return classifyV4(carried);
    return IPV6_RANGES.find((range) => inRange(value, range, 128))?.kind;
  }
  return 'reserved';
}

/**
 * `STORIES_FETCH_ALLOW_LOOPBACK=true` (tests only) lets exactly 127.0.0.1 through, so a test can
 * serve pages from this machine; every other loopback or private address stays refused.
 */
export function isAllowedAddress(address: string, allowLoopback: boolean): boolean {
  if (allowLoopback && address === '127.0.0.1') return true;
  return blockedKind(address) === undefined;
}

/** The words a refusal uses for each kind of address. */
export function describeBlocked(kind: BlockedKind): string {
  switch (kind) {
    case 'loopback':
      return 'this machine itself (a loopback address)';
    case 'private':
      return 'a private network address';
    case 'link-local':
      return 'a link-local address';
    case 'metadata':
      return 'a cloud metadata service address';
    case 'cgnat':
      return 'a carrier-grade NAT address (100.64.0.0/10)';
    case 'reserved':
      return 'a reserved, special-purpose address';
  }
}
