// The whole path an instructor uses: a scenario file whose frames are described by fields,
// loaded, run, exported with tracePcap and read by tshark with no malformed packets.
import { describe, expect, it } from 'vitest';
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/engine/scenario/load';
import { runScenario } from '../../src/engine/sim/simulator';
import { tracePcap } from '../../src/engine/pcap/from-trace';
import { decodeFrame, summarize } from '../../src/engine/frame/decode';
import { testTypes } from './test-devices';

const hasTshark = spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;

const scenario = {
  name: 'frames by fields',
  nodes: [
    { id: 'h1', type: 'test-sink' },
    { id: 'sw', type: 'test-relay' },
    { id: 'h2', type: 'test-sink' },
  ],
  links: [
    { id: 'l1', a: 'h1:p', b: 'sw:a' },
    { id: 'l2', a: 'sw:b', b: 'h2:p' },
  ],
  traffic: [
    {
      at: '0us',
      node: 'h1',
      port: 'p',
      frame: {
        eth: { src: '02:00:00:00:00:01' },
        stag: { vid: 5 },
        vlan: [{ vid: 10 }],
        arp: { op: 'request', spa: '10.0.0.1', tpa: '10.0.0.2' },
      },
    },
    {
      at: '10us',
      node: 'h1',
      port: 'p',
      frame: {
        eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
        ipv4: { src: '10.0.0.1', dst: '10.0.0.2', icmp: { type: 'echo-request', id: 1, seq: 1 } },
      },
    },
    {
      at: '20us',
      node: 'h1',
      port: 'p',
      frame: {
        eth: { src: '02:00:00:00:00:01' },
        ipv6: { src: 'fe80::1', icmpv6: { type: 'neighbor-solicitation', target: 'fe80::2' } },
      },
    },
    {
      at: '30us',
      node: 'h1',
      port: 'p',
      frame: {
        eth: { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
        ipv4: { src: '10.0.0.1', dst: '10.0.0.2', udp: { srcPort: 40000, dstPort: 40001, payload: 'hello' } },
      },
    },
  ],
};

describe('scenario frames by fields, end to end', () => {
  const loaded = loadScenario(scenario, testTypes);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
  const trace = runScenario(loaded.scenario, testTypes);

  it('runs and each injected frame decodes to what the scenario described', () => {
    const injected = trace.steps
      .filter((s) => s.kind === 'inject')
      .map((s) => summarize(decodeFrame(trace.frames[s.frame!])));
    expect(injected).toEqual([
      '[S-tag 5, C-tag 10] ARP who-has 10.0.0.2 tell 10.0.0.1',
      'ICMP echo request 10.0.0.1 → 10.0.0.2 id 1 seq 1',
      'ICMPv6 neighbor solicitation who-has fe80::2 from fe80::1',
      'UDP 10.0.0.1:40000 → 10.0.0.2:40001 5 bytes',
    ]);
  });

  it.skipIf(!hasTshark)(
    hasTshark ? 'the trace capture at h2 opens in tshark with no malformed packet' : 'SKIPPED: tshark is not on PATH',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'netvirt-pcap-'));
      try {
        const file = join(dir, 'h2.pcap');
        writeFileSync(file, tracePcap(trace, { node: 'h2' }));
        const out = execFileSync(
          'tshark',
          ['-r', file, '-T', 'fields', '-e', 'frame.protocols', '-e', '_ws.malformed', '-e', '_ws.expert.severity'],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
        );
        expect(out.replace(/\n$/, '').split('\n')).toEqual([
          'eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:arp\t\t',
          'eth:ethertype:ip:icmp:data\t\t',
          'eth:ethertype:ipv6:icmpv6\t\t',
          'eth:ethertype:ip:udp:data\t\t',
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
