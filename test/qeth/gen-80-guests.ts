// Builds src/scenarios/qeth/eighty-guests.json (walk S10 with 80 guests on one gigabit
// OSA port). A test checks the committed file equals this output; regenerate with
//   npx tsx test/qeth/gen-80-guests.ts --write
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const GUESTS = 80;
export const CARD_MAC = '02:00:00:0a:00:01';
export const devnoOf = (i: number): string => `0x${(0x0a00 + 3 * (i - 1)).toString(16).padStart(4, '0')}`;
/** 100 bytes of UDP data: 142-byte frames, 166 bytes on the wire with preamble, FCS and gap. */
const PAYLOAD = 'x'.repeat(100);
/** Back to back at 1 Gbit/s: 166 bytes x 8 = 1328 ns per frame. */
const LINE_RATE_GAP_NS = 1328;

export function eightyGuests(): Record<string, unknown> {
  const guests = Array.from({ length: GUESTS }, (_, k) => {
    const i = k + 1;
    return {
      id: `g${i}`,
      type: 'qeth-guest',
      label: `G${i}`,
      config: {
        devno: devnoOf(i),
        addresses: [`10.0.0.${i}/24`],
        ...(i === 1 && { route4: 'primary_router', ipForward: true }),
      },
      group: 'guests',
    };
  });
  const udp = (at: string | number, dst: string, label: string, dstMac = CARD_MAC) => ({
    at,
    node: 'lan',
    command: 'udp',
    args: { dst, dstMac, dstPort: 9, payload: PAYLOAD },
    label,
  });
  const burst = Array.from({ length: GUESTS }, (_, k) =>
    udp(
      3_000_000 + LINE_RATE_GAP_NS * k,
      `10.0.0.${k + 1}`,
      `Line-rate burst: frame ${k + 1} of ${GUESTS}, to 10.0.0.${k + 1}`,
    ),
  );
  return {
    name: 'qeth: 80 guests on one gigabit OSA port',
    description:
      'Walk S10. 80 guests share one OSA port, each registered one address 10.0.0.1 to 10.0.0.80; G1 is primary router, there is no secondary. A registered unicast is copied into one guest queue; an unregistered one goes to G1; ARP is answered by the card; a broadcast is copied to every guest with broadcast enabled. Then one line-rate frame for each guest: the card makes 80 copies in all, where promiscuous sharing would have made 80 x 80.',
    seed: 1,
    nodes: [
      {
        id: 'lan',
        type: 'host',
        label: 'LAN host 10.0.0.200',
        config: { mac: '02:00:00:00:99:01', ip: '10.0.0.200' },
      },
      {
        id: 'osa',
        type: 'qeth-osa',
        label: 'OSA-Express 1 Gbit port',
        config: { mac: CARD_MAC, guests: GUESTS, firstDevno: '0x0a00' },
      },
      ...guests,
    ],
    links: [
      { id: 'lan-osa', a: 'lan:eth0', b: 'osa:wire', bandwidth: '1Gbit' },
      ...guests.map((g) => ({
        id: `osa-${g.id}`,
        a: `osa:${g.config.devno}`,
        b: `${g.id}:osa`,
        bandwidth: '10Gbit',
        latency: '500ns',
      })),
    ],
    traffic: [
      {
        at: '1ms',
        node: 'lan',
        command: 'ping',
        args: { dst: '10.0.0.42' },
        label: 'S10.1/S10.4: LAN host pings 10.0.0.42 (the card answers its ARP)',
      },
      udp('1500us', '192.0.2.7', 'S10.2: frame to unregistered 192.0.2.7'),
      udp('2000us', '10.0.0.255', 'Broadcast to 10.0.0.255', 'ff:ff:ff:ff:ff:ff'),
      ...burst,
      udp('4000us', '192.0.2.7', 'S10.3: frame to 192.0.2.7 with G1 down and no secondary router'),
    ],
    faults: [{ at: '3900us', link: 'osa-g1', action: 'down' }],
    expect: [
      { traffic: 0, deliveredTo: ['g42', 'osa', 'lan'], exactly: false },
      { traffic: 1, deliveredTo: ['g1'] },
      { traffic: 2, deliveredTo: guests.map((g) => g.id) },
      { traffic: 3 + GUESTS, droppedAt: 'osa', reasonIncludes: 'no primary router; no secondary router' },
    ],
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(
    new URL('../../src/scenarios/qeth/eighty-guests.json', import.meta.url),
    JSON.stringify(eightyGuests(), null, 1) + '\n',
  );
}
