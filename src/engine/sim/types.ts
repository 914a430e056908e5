// The contract between the simulator, the devices and everything that reads a trace.
// Devices never see each other: they receive a frame on a port and answer through a
// DeviceContext, which records every decision as a trace step.

/** Virtual time in nanoseconds. Never wall-clock time. */
export type Time = number;

/** Protocol layer a step is about; the step log filters on it. */
export type Layer = 'L1' | 'L2' | 'L3' | 'L4' | 'control' | 'memory' | 'bus';

/** What happened at a step. Views pick icons and colours from it. */
export type StepKind =
  | 'inject' // a frame enters the emulation (scripted traffic or a node originating it)
  | 'transmit' // a node puts a frame on a link
  | 'arrive' // a frame reaches the far end of a link
  | 'receive' // a node starts processing a frame on a port
  | 'decide' // a decision that does not end the frame (lookup, learn, classify)
  | 'forward' // the frame (or a copy) is handed on inside or out of a node
  | 'deliver' // the frame reached its final consumer (a guest stack, a socket, a queue)
  | 'drop' // the frame ends here, with the reason in `decision`
  | 'state' // device state changed with no frame involved (registration, timer, machine transition)
  | 'command' // a scripted action ran on a node (register an IP, set a mode, start a guest)
  | 'timer' // a virtual timer fired
  | 'fault'; // a scripted fault (link down, loss burst)

/** One change of device state, as flat key/value so that any step's state can be rebuilt. */
export interface StateChange {
  /** `<node>/<path>`, e.g. `br0/fdb/02:00:00:00:00:01@1`. */
  readonly key: string;
  /** JSON-serialisable value before the step; `undefined` when the key did not exist. */
  readonly before: unknown;
  /** JSON-serialisable value after the step; `undefined` when the key was removed. */
  readonly after: unknown;
}

/** A place a frame can be: a port of a node. */
export interface PortRef {
  readonly node: string;
  readonly port: string;
}

/**
 * One packet copy in flight. Every copy is created once and ends exactly once: delivered,
 * dropped, or replaced by its children when a node forwards it. `origin` is the injected
 * frame it descends from, so fates roll up per injected frame.
 */
export interface PacketRef {
  readonly pid: number;
  readonly origin: number;
  readonly parent: number | null;
}

/** Byte range of a decoded field, used to light the bytes a decision read. */
export interface ByteRange {
  readonly start: number;
  readonly end: number; // exclusive
}

export interface Step {
  readonly index: number;
  readonly time: Time;
  readonly node: string;
  readonly port?: string;
  readonly layer: Layer;
  readonly kind: StepKind;
  /** The decision in plain words, written for a student. */
  readonly decision: string;
  /** What it follows: a kernel function (`macvlan_handle_frame`), a spec clause, or a standard. */
  readonly source: string;
  readonly packet?: PacketRef;
  /** Index into Trace.frames: the bytes of the frame at this step. */
  readonly frame?: number;
  /** Field paths of the decoded frame that this decision read (e.g. `eth.dst`). */
  readonly reads?: readonly string[];
  /** Byte ranges the decision read, when they are not a decoded field (e.g. ring memory). */
  readonly readBytes?: readonly ByteRange[];
  readonly changes?: readonly StateChange[];
  /** For transmit/arrive steps: the link the frame crosses. */
  readonly link?: { readonly id: string; readonly from: PortRef; readonly to: PortRef; readonly arrives: Time };
  /** Free-form, JSON-serialisable extras a lab's view needs (e.g. the matched table row). */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** The fate of one injected frame, derived from the fates of all its copies. */
export interface FrameFate {
  readonly origin: number;
  readonly injectedAt: Time;
  readonly node: string;
  readonly port?: string;
  /**
   * Index of the scenario traffic item at the root of its causes: the item that sent it,
   * or whose frames (transitively) it answers. Replies share their request's item.
   */
  readonly traffic?: number;
  /** The injected frame this one was sent in response to, if any. */
  readonly cause?: number;
  readonly summary: string;
  readonly delivered: readonly { node: string; port?: string; step: number; decision: string }[];
  readonly dropped: readonly { node: string; port?: string; step: number; reason: string }[];
  readonly inFlight: number;
}

export interface TopologyNode {
  readonly id: string;
  readonly type: string;
  readonly label: string;
  readonly ports: readonly string[];
  /** Optional placement hint in [0,1]x[0,1] from the scenario; the layout may ignore it. */
  readonly position?: { x: number; y: number };
  /** Optional grouping (e.g. guests inside a host box). */
  readonly group?: string;
}

export interface TopologyLink {
  readonly id: string;
  readonly a: PortRef;
  readonly b: PortRef;
  readonly bandwidthBps: number;
  readonly latencyNs: Time;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
}

export interface Trace {
  readonly scenario: string;
  readonly seed: number;
  readonly topology: Topology;
  readonly steps: readonly Step[];
  /** Every distinct frame's bytes, referenced by Step.frame. */
  readonly frames: readonly Uint8Array[];
  readonly fates: readonly FrameFate[];
  /** Virtual time the run stopped at. */
  readonly endTime: Time;
  /** Per-node counters at the end of the run (rx/tx/drops and device specific ones). */
  readonly counters: Readonly<Record<string, Readonly<Record<string, number>>>>;
}
