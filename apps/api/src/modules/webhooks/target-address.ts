import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent (docs/webhooks.md): https to public addresses only. Loopback, private,
 * carrier-grade NAT, link-local (the cloud metadata address 169.254.169.254), "this network",
 * multicast and reserved ranges are refused, in IPv4, IPv6 and the IPv6 forms that embed an IPv4
 * address (mapped, compatible, NAT64, 6to4), which are checked as that address.
 */
const refused = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  refused.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['100::', 64],
] as const) {
  refused.addSubnet(network, prefix, 'ipv6');
}

/** The 16 bytes of an IPv6 address (already known to be one). */
const ipv6Bytes = (address: string): number[] => {
  const [head = '', tail] = address.split('::') as [string, string | undefined];
  const groupsOf = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((group) => {
      if (group.includes('.')) {
        const [a = 0, b = 0, c = 0, d = 0] = group.split('.').map(Number);
        return [(a << 8) | b, (c << 8) | d];
      }
      return [Number.parseInt(group, 16)];
    });
  };
  const headGroups = groupsOf(head);
  const tailGroups = tail === undefined ? [] : groupsOf(tail);
  const groups = [
    ...headGroups,
    ...new Array(8 - headGroups.length - tailGroups.length).fill(0),
    ...tailGroups,
  ];
  return groups.flatMap((group) => [group >> 8, group & 0xff]);
};

/** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64 or 6to4), if any. */
const embeddedIpv4 = (address: string): string | null => {
  const bytes = ipv6Bytes(address.split('%')[0] ?? address);
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const v4 = (offset: number) => bytes.slice(offset, offset + 4).join('.');
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4(12); // ::ffff:a.b.c.d
  if (zeros(0, 12)) return v4(12); // ::a.b.c.d (deprecated "compatible")
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b && zeros(4, 12)) {
    return v4(12); // 64:ff9b::/96
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4(2); // 2002::/16
  return null;
};

/** Why an address may not receive webhooks, or null when it may. */
export const refusedAddressReason = (address: string): string | null => {
  const family = isIP(address);
  if (family === 4) return refused.check(address, 'ipv4') ? `${address} is not a public address` : null;
  if (family === 6) {
    const embedded = embeddedIpv4(address);
    if (embedded && embedded !== '0.0.0.0' && refused.check(embedded, 'ipv4')) {
      return `${address} is not a public address`;
    }
    return refused.check(address, 'ipv6') ? `${address} is not a public address` : null;
  }
  return `${address} is not an IP address`;
};

export interface TargetPolicy {
  /** WEBHOOK_PRIVATE_TARGETS=allowed: http and private addresses, for development and tests. */
  allowPrivateTargets: boolean;
}

export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

/** What a URL's checks found: the address to connect to (the one checked), and the family. */
export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a webhook URL's host and checks every address it resolves to; throws RefusedTargetError
 * with the reason. The caller connects to `address`, so a second resolution cannot change the target.
 */
export const checkWebhookTarget = async (rawUrl: string, policy: TargetPolicy): Promise<CheckedTarget> => {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new RefusedTargetError('The URL is not valid');
  }
  if (url.protocol !== 'https:' && !(policy.allowPrivateTargets && url.protocol === 'http:')) {
    throw new RefusedTargetError('The URL must use https');
  }
  if (url.username || url.password) throw new RefusedTargetError('The URL must not carry credentials');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new RefusedTargetError(`The host ${host} could not be resolved`);
    }
  }
  const [first] = addresses;
  if (!first) throw new RefusedTargetError(`The host ${host} has no address`);
  if (!policy.allowPrivateTargets) {
    for (const { address } of addresses) {
      if (refusedAddressReason(address))
        throw new RefusedTargetError(
          isIP(host)
            ? `${host} is not a public address`
            : `The host ${host} resolves to ${address}, which is not a public address`,
        );
    }
  }
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
};
