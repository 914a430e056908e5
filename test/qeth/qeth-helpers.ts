// Helpers for the qeth tests: run a scenario file from src/scenarios/qeth, read fates and
// steps by traffic item, and build small OSA topologies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, finalState } from '../helpers/run';
import type { Step, Trace } from '../../src/engine/sim/types';
import { parseEthernet } from '../../src/engine/frame/ethernet';
import { formatMac } from '../../src/engine/frame/address';

export const CARD = '02:00:00:0a:00:01';

export function scenarioFile(name: string): unknown {
  return JSON.parse(readFileSync(join(import.meta.dirname, '../../src/scenarios/qeth', name), 'utf8'));
}

export function runFile(name: string): Trace {
  return run(scenarioFile(name));
}

export { run, finalState };

/** Fates of the frames scenario traffic item `i` injected (a command can inject several). */
export const fatesOf = (t: Trace, i: number) => t.fates.filter((f) => f.traffic === i);

/** Steps caused by traffic item `i` (its frames' steps). */
export function stepsOf(t: Trace, i: number): Step[] {
  const origins = new Set(fatesOf(t, i).map((f) => f.origin));
  return t.steps.filter((s) => s.packet && origins.has(s.packet.origin));
}

export const deliveredNodes = (t: Trace, i: number): string[] =>
  [...new Set(fatesOf(t, i).flatMap((f) => f.delivered.map((d) => d.node)))].sort();
export const droppedAt = (t: Trace, i: number) => fatesOf(t, i).flatMap((f) => f.dropped);

/** The osa decide step for traffic item i with a demux detail. */
export function demuxStep(
  t: Trace,
  i: number,
  node = 'osa',
  arp = false,
): Step & {
  detail: {
    demux: {
      branch: string;
      targets: string[];
      path: { id: string; yes: boolean }[];
      matched?: { devno: string; key: string };
    };
  };
} {
  const s = stepsOf(t, i).find(
    (x) =>
      x.node === node &&
      x.kind === 'decide' &&
      x.detail &&
      'demux' in x.detail &&
      x.port === 'wire' &&
      ((x.detail.demux as { branch: string }).branch === 'arp') === arp,
  );
  if (!s) throw new Error(`no demux step at ${node} for traffic ${i}`);
  return s as never;
}

export function macs(t: Trace, s: Step): { dst: string; src: string } {
  const e = parseEthernet(t.frames[s.frame!]);
  return { dst: formatMac(e.dst), src: formatMac(e.src) };
}

/** A card with `n` layer-3 guests g1..gn (10.0.0.i), a LAN host, and extra per-guest config. */
export function osaLab(
  n: number,
  guestCfg: (i: number) => Record<string, unknown> = () => ({}),
  extra: Record<string, unknown> = {},
  cardCfg: Record<string, unknown> = {},
) {
  const devno = (i: number): string => `0x${(0x0a00 + 3 * (i - 1)).toString(16).padStart(4, '0')}`;
  const nodes: unknown[] = [
    { id: 'lan', type: 'host', config: { mac: '02:00:00:00:99:01', ip: '10.0.0.200' } },
    {
      id: 'osa',
      type: 'qeth-osa',
      config: { mac: CARD, devnos: Array.from({ length: n }, (_, k) => devno(k + 1)), ...cardCfg },
    },
  ];
  const links: unknown[] = [{ id: 'lan-osa', a: 'lan:eth0', b: 'osa:wire' }];
  for (let i = 1; i <= n; i++) {
    nodes.push({
      id: `g${i}`,
      type: 'qeth-guest',
      config: { devno: devno(i), addresses: [`10.0.0.${i}/24`], ...guestCfg(i) },
    });
    links.push({ id: `osa-g${i}`, a: `osa:${devno(i)}`, b: `g${i}:osa` });
  }
  return { name: `osa with ${n} guests`, seed: 3, nodes, links, traffic: [] as unknown[], ...extra };
}

export const udp = (at: string, dst: string, dstMac = CARD) => ({
  at,
  node: 'lan',
  command: 'udp',
  args: { dst, dstMac, dstPort: 9 },
});
