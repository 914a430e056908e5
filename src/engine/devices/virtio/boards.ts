// A backplane of many agent boards (the source thread's "many boards" on one x86 master):
// one host, with one CPU, one write-back cache and one DRAM, and N PowerPC agent boards, each
// with its own CPU, cache, DRAM, DMA engine, BAR0, registers, INTx line and 1 GiB outbound
// window. The host runs one board driver instance and one virtio-net per board, and a Linux
// bridge over those netdevs and its own stack, so agent-to-agent traffic goes agent → host
// RX ring → bridge → host TX ring of the other board → that agent: through the host, twice
// across the bus.
// Each board is a Backplane sharing the host's CPU and DRAM (its rings, indirect tables and
// buffers at its own host addresses: address-map.ts placeOfBoard), seen through a context
// that files its state under b<k>/, its counters under b<k>., and routes its host-side
// frames to the bridge. Buffers of board k sit boardSpacing * k above 64 MiB, so boards past
// the first 1 GiB re-point their window for every DMA (window-move steps).
import type { Device, DeviceContext, Explain, Packet } from '../../sim/device';
import { formatMac, isMulticastMac, mac } from '../../frame/address';
import type { Reader } from '../../scenario/read';
import { Reader as JsonReader } from '../../scenario/read';
import type { IssueList } from '../../scenario/issues';
import { Backplane } from './backplane';
import { readBackplaneConfig, type BackplaneConfig } from './config';
import { BAR0_BASE, HOST_RAM_SIZE, placeOfBoard } from './address-map';
import { Cache } from './cache';
import { CpuMemory } from './cpu-memory';
import { Ram } from './ram';
import * as say from './words';

export interface BoardsConfig {
  readonly agents: number;
  /** br0's own address: a permanent local entry, so frames for the host's stack are never flooded. */
  readonly hostMac: Uint8Array;
  readonly boardSpacing: number;
  readonly board: BackplaneConfig;
}

const FIRST_BUFFERS = 0x0400_0000;
const MAX_AGENTS = 32;

export function readBoardsConfig(r: Reader, issues: IssueList): BoardsConfig | undefined {
  if (!r.object()) return undefined;
  const hostMac = r.at('hostMac').mac({ required: false }) ?? mac('02:00:00:00:00:01');
  const agents = r.at('agents').number({ integer: true, min: 2, max: MAX_AGENTS, hint: 'how many agent boards' });
  const boardSpacing = r.at('boardSpacing').number({
    default: 0x0400_0000,
    integer: true,
    min: 0x0040_0000,
    max: 0x4000_0000,
    hint: "bytes between two boards' buffers in host DRAM, e.g. 67108864 (64 MiB)",
  });
  if (boardSpacing !== undefined && boardSpacing % 0x10_0000 !== 0)
    issues.add(r.at('boardSpacing').path, 'the spacing must be a multiple of 1 MiB');
  if (agents !== undefined && boardSpacing !== undefined && FIRST_BUFFERS + agents * boardSpacing > BAR0_BASE)
    issues.add(
      r.at('boardSpacing').path,
      `${agents} boards ${boardSpacing} bytes apart reach past host DRAM (BAR0 starts at 0xf0000000)`,
      'use fewer boards or a smaller spacing',
    );
  // Every other key is a setting of each board, read exactly as a single backplane's.
  const rest = Object.fromEntries(
    Object.entries(r.value as Record<string, unknown>).filter(
      ([k]) => !['agents', 'boardSpacing', 'hostMac'].includes(k),
    ),
  );
  const board = readBackplaneConfig(new JsonReader(issues, rest, r.path), issues);
  if (agents === undefined || boardSpacing === undefined || !board) return undefined;
  return { agents, boardSpacing, hostMac, board };
}

type Target = 'host' | number;

export class Boards implements Device {
  readonly ports: readonly string[];
  readonly boards: Backplane[] = [];
  /** The host bridge's forwarding database: MAC → the host stack or a board's netdev. */
  private readonly fdb = new Map<string, Target>();

  constructor(
    readonly id: string,
    readonly cfg: BoardsConfig,
  ) {
    const c = cfg.board;
    const hostRam = new Ram('host', HOST_RAM_SIZE);
    const host = new CpuMemory('host', new Cache('host', c.lineSize), c.costs, c.coherent);
    host.map({ name: 'host DRAM', base: 0, size: BAR0_BASE, ram: hostRam, ramBase: 0, remote: false, cached: true });
    for (let k = 0; k < cfg.agents; k++) {
      const boardCfg: BackplaneConfig = { ...c, hostBuffersAt: FIRST_BUFFERS + k * cfg.boardSpacing, windowBase: 0 };
      this.boards.push(new Backplane(`${id}.b${k}`, boardCfg, { host, hostRam, place: placeOfBoard(k) }));
    }
    this.ports = ['host', ...this.boards.map((_, k) => `agent${k}`)];
    this.fdb.set(formatMac(cfg.hostMac), 'host');
  }

  start(ctx: DeviceContext): void {
    this.boards.forEach((b, k) => b.start(this.view(k, ctx)));
  }

  receive(port: string, packet: Packet, ctx: DeviceContext): void {
    if (port === 'host') return this.bridge('host', packet, ctx);
    const k = Number(port.slice('agent'.length));
    this.boards[k].receive('agent', packet, this.view(k, ctx));
  }

  /** The host's bridge: learn where the sender is, then send on to the port its destination is behind. */
  private bridge(from: Target, packet: Packet, ctx: DeviceContext, up?: Explain): void {
    const b = packet.bytes;
    const src = formatMac(b, 6);
    const dst = formatMac(b, 0);
    if (this.fdb.get(src) !== 'host' || from === 'host') this.fdb.set(src, from); // local entries do not move
    const known = isMulticastMac(b, 0) ? undefined : this.fdb.get(dst);
    const all: Target[] = ['host', ...this.boards.map((_, k) => k)];
    const targets = known !== undefined ? [known].filter((t) => t !== from) : all.filter((t) => t !== from);
    const name = (t: Target): string => (t === 'host' ? "the host's own stack" : `vnet${t} (board ${t})`);
    ctx.note(
      'decide',
      {
        layer: 'L2',
        decision: say.hostBridgeForwards(name(from), dst, known === undefined, targets.map(name)),
        source:
          known === undefined
            ? 'br_handle_frame -> br_fdb_update, br_flood (the host bridge over its virtio-net netdevs)'
            : 'br_handle_frame -> br_fdb_update, br_fdb_find -> br_forward',
        detail: { op: 'host-bridge', from, targets, flooded: known === undefined },
        reads: ['eth.src', 'eth.dst'],
      },
      packet,
    );
    if (targets.length === 0) {
      ctx.drop(packet, {
        layer: 'L2',
        decision: say.hostBridgeSamePort(name(from)),
        source: 'br_forward / should_deliver (no hairpin)',
      });
      return;
    }
    // Copies for all but the last target; the frame itself goes to the last.
    targets.forEach((t, i) => {
      const last = i === targets.length - 1;
      if (t === 'host') {
        if (last)
          ctx.send('host', b, up ?? { layer: 'L2', decision: say.hostBridgeUp(), source: 'br_pass_frame_up' }, packet);
        else
          ctx.send(
            'host',
            b,
            { layer: 'L2', decision: say.hostBridgeUp(), source: 'br_pass_frame_up' },
            ctx.clone(packet),
          );
        return;
      }
      const copy = last ? packet : ctx.clone(packet);
      this.boards[t].receive('host', copy, this.view(t, ctx));
    });
  }

  /** Board k's view of the simulator: its own state prefix, counters and ports. */
  private view(k: number, real: DeviceContext): DeviceContext {
    const tag = (e: Explain): Explain => ({ ...e, detail: { ...(e.detail ?? {}), board: k } });
    const bridge = (from: number, p: Packet, c: DeviceContext, up: Explain): void => this.bridge(from, p, c, up);
    const again = (c: DeviceContext): DeviceContext => this.view(k, c);
    const v: DeviceContext = {
      get now() {
        return real.now;
      },
      node: real.node,
      rng: real.rng,
      note: (kind, e, p) => real.note(kind, tag(e), p),
      send: (port, bytes, e, parent) => {
        if (port === 'agent') return real.send(`agent${k}`, bytes, tag(e), parent);
        // Up the host's stack from board k's virtio-net: into the bridge.
        if (!parent) return real.send('host', bytes, tag(e));
        real.note('decide', tag(e), parent);
        bridge(k, { ref: parent.ref, bytes }, real, tag(e));
        return parent;
      },
      deliver: (p, e) => real.deliver(p, tag(e)),
      drop: (p, e) => real.drop(p, tag(e)),
      hold: (p, e) => real.hold(p, tag(e)),
      clone: (p, bytes) => real.clone(p, bytes),
      schedule: (delay, label, fn) => real.schedule(delay, label, (c) => fn(again(c))),
      set: (key, value) => real.set(`b${k}/${key}`, value),
      count: (counter, by) => real.count(`b${k}.${counter}`, by),
    };
    return v;
  }
}
