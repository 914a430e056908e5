// Scenario configuration of the `qeth-osa` node and validators for its direct IPA
// commands. DEVNOs are written as a channel-subsystem device number "0x0a00" (the read
// subchannel of the guest's triple); they name the card's per-guest ports.
import type { IssueList } from '../../scenario/issues';
import type { Reader } from '../../scenario/read';
import { formatMac } from '../../frame/address';
import { ROUTING_ROLES } from './ipa-codes';

export interface OsaConfig {
  readonly mac: string;
  readonly devnos: readonly string[];
  /** IPA_SOURCE_MAC assist: the card puts the sender's real MAC in the qeth header. */
  readonly sourceMac: boolean;
  readonly maxIps: number;
  readonly multicastRouter: boolean;
  readonly multipleSecondary: boolean;
  /** The adjacent switch port is in reflective-relay mode (what `switch_attrs` reports). */
  readonly reflectiveRelay: boolean;
  /**
   * The adjacent port is not in reflective relay and the card's attempt to turn it on
   * fails (SET_ACCESS_CTRL_RC_REFLREL_FAILED 0x0024) instead of being unsupported (0x0022).
   */
  readonly reflectiveRelayRefused: boolean;
  /** How long the card waits for an answer to the gratuitous ARP it sends on SETIP. */
  readonly arpWaitNs: number;
  /**
   * How the port shares inbound IP frames. `table` (default) is the real card: each frame
   * goes where the registration table says. `flood` is a COUNTERFACTUAL no OSA implements:
   * the alternative the 2005 netdev thread argued against ("forward all traffic to every
   * guest system (which then can discard unneeded packages)"), every active guest gets a
   * copy of every IP frame from the LAN and its stack must parse and discard what is not
   * its own. It exists so a lesson can run the same traffic both ways and count.
   */
  readonly demux: DemuxMode;
}

export type DemuxMode = 'table' | 'flood';
export const DEMUX_MODES: readonly DemuxMode[] = ['table', 'flood'];

export const DEVNO = /^0x[0-9a-f]{4}$/;
export const DEVNO_HINT = 'a device number like "0x0a00" (4 lower-case hex digits)';

export function readOsaConfig(r: Reader, issues: IssueList): OsaConfig | undefined {
  if (!r.object('the card configuration')) return undefined;
  r.onlyKeys([
    'mac',
    'devnos',
    'guests',
    'firstDevno',
    'sourceMac',
    'maxIps',
    'multicastRouter',
    'multipleSecondary',
    'reflectiveRelay',
    'reflectiveRelayRefused',
    'arpWait',
    'demux',
  ]);
  const mac = r.at('mac').mac();
  let devnos: string[] = [];
  if (r.has('devnos')) {
    devnos = (r.at('devnos').array() ?? [])
      .map((d) => d.string({ pattern: DEVNO, hint: DEVNO_HINT }))
      .filter((d): d is string => d !== undefined);
  } else {
    // A guest's device is a triple of subchannels (read, write, data): the next guest's
    // read subchannel is three device numbers further on.
    const n = r.at('guests').number({
      integer: true,
      min: 1,
      max: 640,
      hint: 'how many guests share the port (OSA-Express2 and later: up to 640 stacks)',
    });
    const first = r.at('firstDevno').string({ default: '0x0a00', pattern: DEVNO, hint: DEVNO_HINT });
    if (n !== undefined && first !== undefined)
      devnos = Array.from({ length: n }, (_, i) => `0x${(parseInt(first, 16) + 3 * i).toString(16).padStart(4, '0')}`);
  }
  const dup = devnos.find((d, i) => devnos.indexOf(d) !== i);
  if (dup) issues.add(r.at('devnos').path, `DEVNO ${dup} is listed twice`, 'each guest has its own subchannel triple');
  if (devnos.length === 0)
    issues.add(r.path, 'the card has no guests', 'give "devnos": ["0x0a00", ...] or "guests": N');
  const sourceMac = r.at('sourceMac').boolean({ default: false }) ?? false;
  const maxIps = r.at('maxIps').number({ default: 512, integer: true, min: 1, max: 65536 }) ?? 512;
  const multicastRouter = r.at('multicastRouter').boolean({ default: false }) ?? false;
  const multipleSecondary = r.at('multipleSecondary').boolean({ default: true }) ?? true;
  const reflectiveRelay = r.at('reflectiveRelay').boolean({ default: false }) ?? false;
  const reflectiveRelayRefused = r.at('reflectiveRelayRefused').boolean({ default: false }) ?? false;
  const arpWaitNs = r.at('arpWait').duration({ default: 20_000 }) ?? 20_000;
  const demux = r.at('demux').string({
    default: 'table',
    oneOf: DEMUX_MODES,
    hint: 'table (the real card) or flood (the counterfactual: every guest gets every frame)',
  }) as DemuxMode | undefined;
  if (!mac || dup || devnos.length === 0 || demux === undefined) return undefined;
  return {
    mac: formatMac(mac),
    devnos,
    sourceMac,
    maxIps,
    multicastRouter,
    multipleSecondary,
    reflectiveRelay,
    reflectiveRelayRefused,
    arpWaitNs,
    demux,
  };
}

const devnoArg = (a: Reader): void => void a.at('devno').string({ pattern: DEVNO, hint: DEVNO_HINT });

/** Direct IPA commands on the card, as if DEVNO `devno` had sent them (no driver retries). */
export const osaCommands: Record<string, (args: Reader, issues: IssueList) => void> = {
  setip: (a) => {
    a.onlyKeys(['devno', 'ip', 'prefix', 'flags']);
    devnoArg(a);
    a.at('ip').ip();
    a.at('prefix').number({ default: 24, integer: true, min: 0, max: 128 });
    a.at('flags').string({ default: 'default', oneOf: ['default', 'vipa', 'takeover'] });
  },
  delip: (a) => {
    a.onlyKeys(['devno', 'ip']);
    devnoArg(a);
    a.at('ip').ip();
  },
  setipm: (a) => {
    a.onlyKeys(['devno', 'group']);
    devnoArg(a);
    a.at('group').ip();
  },
  delipm: (a) => {
    a.onlyKeys(['devno', 'group']);
    devnoArg(a);
    a.at('group').ip();
  },
  setrtg: (a) => {
    a.onlyKeys(['devno', 'role', 'version']);
    devnoArg(a);
    a.at('role').string({ oneOf: ROUTING_ROLES });
    a.at('version').number({ default: 4, integer: true, min: 4, max: 6 });
  },
  demux: (a) => {
    a.onlyKeys(['mode']);
    a.at('mode').string({ oneOf: DEMUX_MODES });
  },
  'adjacent-port': (a) => {
    a.onlyKeys(['reflectiveRelay']);
    a.at('reflectiveRelay').boolean({ required: true });
  },
  setvmac: (a) => {
    a.onlyKeys(['devno', 'mac']);
    devnoArg(a);
    a.at('mac').mac();
  },
};
