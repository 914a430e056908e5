// What a device is to the simulator. A device owns its state, receives frames on its
// ports and answers only through the DeviceContext: it sends, delivers, drops, holds a
// packet for later, schedules timers and records state changes. It never touches
// another device, the trace or the clock directly.
import type { Layer, PacketRef, StateChange, Step, StepKind, Time } from './types';
import type { Prng } from './prng';
import type { IssueList } from '../scenario/issues';
import type { Reader } from '../scenario/read';

/** A packet copy as a device sees it: its identity plus its bytes. */
export interface Packet {
  readonly ref: PacketRef;
  readonly bytes: Uint8Array;
}

/** What a deferred decision is worded from when its step is read. */
export interface StepFacts {
  readonly time: Time;
  readonly node: string;
  readonly port?: string;
  /** The bytes of the step's frame, if it has one. */
  readonly bytes?: Uint8Array;
}

/**
 * Words made only when someone reads the step: a wording function shared by every step of
 * its kind, and the facts it needs, captured when the decision was taken. For the hot
 * paths (a bridge forwarding, a host receiving), where a long run would otherwise spend
 * most of its time building sentences nobody reads. `arg` must not change afterwards.
 */
export interface Deferred<A = unknown> {
  readonly words: (arg: A, at: StepFacts) => string;
  readonly arg: A;
  /** Makes the step's detail from the same facts, when the explanation gives none. */
  readonly detail?: (arg: A) => Record<string, unknown>;
}

/** A deferred decision, typed so that the wording function and its facts agree. */
export const later = <A>(
  words: (arg: A, at: StepFacts) => string,
  arg: A,
  detail?: (arg: A) => Record<string, unknown>,
): Deferred<A> => (detail ? { words, arg, detail } : { words, arg });

/** What every recorded step needs from a device; the context fills in time, node and ids. */
export interface Explain {
  /** The decision in plain words, written for a student (now, or deferred until read). */
  readonly decision: string | Deferred<any>;
  /** Kernel function, spec clause or standard the decision follows. */
  readonly source: string;
  readonly layer?: Layer;
  readonly port?: string;
  /** Decoded field paths the decision read (`eth.dst`, `vlan[0].vid`, `arp.tpa`). */
  readonly reads?: readonly string[];
  readonly readBytes?: Step['readBytes'];
  readonly detail?: Record<string, unknown>;
}

export interface DeviceContext {
  readonly now: Time;
  readonly node: string;
  /** This node's own seeded generator. */
  readonly rng: Prng;

  /** Record a step that does not end the packet (a lookup, a learn, a classification). */
  note(kind: StepKind, explain: Explain, packet?: Packet): void;
  /**
   * Send bytes out of `port` onto its link. With `parent`, the new copy descends from it
   * (forwarding or replication, the parent ends as forwarded); without, the node
   * originates a new frame whose fate is tracked on its own.
   */
  send(port: string, bytes: Uint8Array, explain: Explain, parent?: Packet): Packet;
  /** The packet reached its final consumer in this node. */
  deliver(packet: Packet, explain: Explain): void;
  /** The packet ends here. `decision` says why. */
  drop(packet: Packet, explain: Explain): void;
  /** Keep the packet in this node (a queue); it stays in flight until sent, delivered or dropped. */
  hold(packet: Packet, explain: Explain): void;
  /** Make a new copy of a packet inside the node without sending it (e.g. a queued clone). */
  clone(packet: Packet, bytes?: Uint8Array): Packet;
  /** Run `fn` after `delay` of virtual time with a fresh context. */
  schedule(delay: Time, label: string, fn: (ctx: DeviceContext) => void): void;
  /** Set `<node>/<key>` to a JSON-serialisable value (undefined removes it); recorded with the next step. */
  set(key: string, value: unknown): void;
  /** Add to a named counter of this node (rx_packets, rx_dropped, copies, ...). */
  count(counter: string, by?: number): void;
}

export interface Device {
  readonly id: string;
  readonly ports: readonly string[];
  /** A frame arrived on `port`. The packet must end delivered, dropped, held or forwarded. */
  receive(port: string, packet: Packet, ctx: DeviceContext): void;
  /** A scripted action from the scenario (`ping`, `register-ip`, `set-mode`, ...). */
  command?(name: string, args: Record<string, unknown>, ctx: DeviceContext): void;
  /** Called once at time 0, before any traffic, to publish initial state and start timers. */
  start?(ctx: DeviceContext): void;
  /** A link on one of its ports went up or down. */
  linkChanged?(port: string, up: boolean, ctx: DeviceContext): void;
}

/** A kind of device a scenario can name in `nodes[].type`. */
export interface DeviceType<Config = unknown> {
  readonly type: string;
  /** One line for docs and the scenario editor. */
  readonly summary: string;
  /** Read and validate `config`, recording every problem; undefined when invalid. */
  readConfig(config: Reader, issues: IssueList): Config | undefined;
  /** The ports a device with this config has (for link validation before creation). */
  ports(config: Config): readonly string[];
  create(id: string, config: Config): Device;
  /** Commands this device accepts and a validator for each one's arguments. */
  readonly commands?: Readonly<Record<string, (args: Reader, issues: IssueList, config: Config) => void>>;
}

export type { StateChange };
