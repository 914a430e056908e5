// Run-time configuration, as `ip link` does it through rtnetlink: create and delete
// (macvlan_common_newlink / macvlan_dellink), up and down (macvlan_open / macvlan_stop),
// mode and flag changes (macvlan_changelink), source lists (macvlan_changelink_sources),
// and the macvtap side: opening /dev/tapN more times (multiqueue), the reader's pace and
// tx_queue_len. Refusals carry the kernel's errno and leave the state unchanged.
import type { DeviceContext } from '../../sim/device';
import { formatMac, parseMac } from '../../frame/address';
import { parseDuration } from '../../scenario/units';
import { errnoValue } from '../../scenario/errno';
import type { MacvlanHost } from './host';
import { MODES, type MacvlanDev, type MacvlanMode } from './types';
import { MAX_MACVTAP_QUEUES_3X, MAX_TAP_QUEUES } from './config';
import { closeQueue, publishTap, resizeRings, tapStateFor } from './macvtap';
import * as say from './words';

class Refused extends Error {
  constructor(
    message: string,
    /** The negative errno rtnetlink answers, e.g. -22 for "Invalid argument (-EINVAL)". */
    readonly errno: number | undefined,
  ) {
    super(message);
  }
}
const refuse = (errno: string, why: string): never => {
  throw new Refused(`${errno}: ${why}`, errnoValue(/\((-E[A-Z]+)\)/.exec(errno)?.[1] ?? ''));
};

export type Args = Record<string, unknown>;

export function runCommand(h: MacvlanHost, ctx: DeviceContext, name: string, args: Args, init: boolean): void {
  const fn = HANDLERS[name];
  const what = describe(h, name, args);
  if (!fn) {
    ctx.note('state', { decision: say.unknownCommand(name), source: 'scenario command', layer: 'control' });
    return;
  }
  try {
    const done = fn(h, ctx, args);
    ctx.note('state', {
      decision: say.commandOutcome(init, what, done),
      source: SOURCES[name] ?? 'rtnetlink',
      layer: 'control',
      detail: { command: name, args, ok: true, returns: { errno: 0, to: CALLERS[name] ?? 'ip link' } },
    });
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    ctx.note('state', {
      decision: say.refusedRtnetlinkAnswersNothing(what, e.message),
      source: SOURCES[name] ?? 'rtnetlink',
      layer: 'control',
      detail: { command: name, args, ok: false, returns: { errno: e.errno, to: CALLERS[name] ?? 'ip link' } },
    });
  }
}

function describe(h: MacvlanHost, name: string, a: Args): string {
  const n = String(a.name ?? '');
  const cfg = h.reserved.get(n);
  switch (name) {
    case 'create':
      return say.ipLinkAddLink(cfg, a, h.lowerName, n);
    case 'delete':
      return `ip link del ${n}`;
    case 'up':
      return `ip link set ${n} up`;
    case 'down':
      return `ip link set ${n} down`;
    case 'set-mode':
      return say.ipLinkSetMode(n, String(a.mode));
    case 'set-bcqueuelen':
      return say.ipLinkSetBcqueuelen(n, String(a.len));
    case 'set-bclim':
      return say.ipLinkSetBclim(n, String(a.limit));
    case 'macaddr':
      return `ip link set ${n} type macvlan macaddr ${String(a.op)} ${((a.macs as string[] | undefined) ?? []).join(' ')}`.trim();
    case 'mcast-join':
      return `${n} joins multicast group ${String(a.group)}`;
    case 'mcast-leave':
      return `${n} leaves multicast group ${String(a.group)}`;
    case 'tap-open':
      return say.vmmOpensDevTap(n);
    case 'tap-close':
      return `the VMM closes ${n} queue ${String(a.queue ?? 'last')}`;
    case 'set-reader':
      return `the VMM now reads ${n} ${a.burst ?? ''} frame(s) every ${String(a.every ?? '')}`.replace('  ', ' ');
    case 'set-txqueuelen':
      return `ip link set ${n} txqueuelen ${String(a.len)}`;
    default:
      return name;
  }
}

/** Who gets the return value, where it is not `ip link` (rtnetlink). */
const CALLERS: Record<string, string> = {
  'mcast-join': 'ip maddr add',
  'mcast-leave': 'ip maddr del',
  'tap-open': 'open /dev/tapN',
  'tap-close': 'close /dev/tapN',
  'set-reader': 'the VMM',
};

const SOURCES: Record<string, string> = {
  create: 'macvlan_common_newlink',
  delete: 'macvlan_dellink',
  up: 'macvlan_open',
  down: 'macvlan_stop',
  'set-mode': 'macvlan_changelink',
  'set-bcqueuelen': 'macvlan_changelink → update_port_bc_queue_len',
  'set-bclim': 'macvlan_changelink → update_port_bc_cutoff',
  macaddr: 'macvlan_changelink_sources',
  'mcast-join': 'dev_mc_add → macvlan_set_mac_lists',
  'mcast-leave': 'dev_mc_del → macvlan_set_mac_lists',
  'tap-open': 'tap_open → tap_set_queue',
  'tap-close': 'tap_release → tap_put_queue',
  'set-reader': 'VMM (vhost-net / QEMU) read pace',
  'set-txqueuelen': 'tap_device_event (NETDEV_CHANGE_TX_QUEUE_LEN) → tap_queue_resize',
};

function dev(h: MacvlanHost, a: Args): MacvlanDev {
  const v = h.devs.get(String(a.name));
  return v ?? refuse('Cannot find device (-ENODEV)', `there is no device "${String(a.name)}"`);
}

function macs(a: Args): Uint8Array[] {
  return ((a.macs as string[] | undefined) ?? []).map((s) => {
    const r = parseMac(s);
    return r.ok ? r.value : refuse('Invalid argument (-EINVAL)', r.error);
  });
}

function open(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev): string {
  if (v.up) return `${v.name} is already up`;
  let how: string;
  if (h.port.passthru) {
    if (!v.nopromisc) h.promiscuity++;
    how = v.nopromisc
      ? say.passthruNopromiscLowerDevice()
      : say.passthruGoesPromiscuousPromiscuity(h.lowerName, h.promiscuity);
  } else {
    const busy = h.port.addrBusy(v.mac);
    if (busy)
      refuse(
        h.cfg.era === '2.6.33' ? say.deviceResourceBusyEbusy() : say.addressAlreadyUseEaddrinuse(),
        `${formatMac(v.mac)}: ${busy}`,
      );
    if (h.stationsUsed < h.cfg.lower.l2fwdStations) {
      h.stationsUsed++;
      v.offloaded = true;
      how = say.nicL2ForwardingStation(h.stationsUsed, h.cfg.lower.l2fwdStations, formatMac(v.mac), v.name);
    } else {
      how = say.addedUnicastFilterDev(formatMac(v.mac), h.lowerName);
    }
  }
  h.port.hashAdd(v);
  v.up = true;
  h.publishDev(ctx, v);
  h.publishHash(ctx, [h.port.bucket(v.mac)]);
  ctx.set('lower/promiscuity', h.promiscuity);
  return say.goesIntoHashBucket(how, v.name, h.port.bucket(v.mac));
}

function stop(h: MacvlanHost, ctx: DeviceContext, v: MacvlanDev): string {
  if (!v.up) return `${v.name} is already down`;
  let how = say.leavesUnicastFilterDev(formatMac(v.mac), h.lowerName);
  if (v.offloaded) {
    h.stationsUsed--;
    v.offloaded = false;
    how = say.l2ForwardingStationReleased();
  }
  if (h.port.passthru) {
    if (!v.nopromisc) h.promiscuity--;
    how = say.passthruPromiscuityDrops(h.lowerName, h.promiscuity);
  }
  h.port.hashDel(v);
  v.up = false;
  h.publishDev(ctx, v);
  h.publishHash(ctx, [h.port.bucket(v.mac)]);
  ctx.set('lower/promiscuity', h.promiscuity);
  return say.leavesHashBucketUnicast(how, v.name, h.port.bucket(v.mac), h.lowerName);
}

const HANDLERS: Record<string, (h: MacvlanHost, ctx: DeviceContext, a: Args) => string> = {
  create(h, ctx, a) {
    const name = String(a.name);
    const cfg = h.reserved.get(name) ?? refuse('No such device (-ENODEV)', say.topologyPortHostAttach(name));
    if (h.devs.has(name)) refuse('File exists (-EEXIST)', `${name} already exists`);
    const mode = (a.mode as MacvlanMode | undefined) ?? cfg.mode;
    if (h.cfg.era === '2.6.33' && (mode === 'passthru' || mode === 'source'))
      refuse('Invalid argument (-EINVAL)', say.modeMissingIn2633(mode));
    if (h.port.passthru) refuse('Invalid argument (-EINVAL)', say.macvlanDeviceCreatedPassthru());
    if (mode === 'passthru' && h.port.vlans.length > 0)
      refuse('Invalid argument (-EINVAL)', say.passthruMacvlanMustFirst(h.lowerName));
    const mac = a.mac !== undefined ? macs({ macs: [a.mac] })[0] : undefined;
    const v = h.makeDev(cfg, {
      mode,
      ...(mac && { mac }),
      ...(a.bcqueuelen !== undefined && { bcqueuelen: Number(a.bcqueuelen) }),
    });
    h.devs.set(name, v);
    h.port.vlans.push(v);
    if (mode === 'passthru') h.port.passthru = true;
    if (mode === 'source') for (const s of cfg.sources) h.port.addSource(v, s);
    h.port.updateBcQueueLen();
    if (cfg.bclim !== undefined) h.port.bcCutoff = cfg.bclim;
    h.publishQueue(ctx);
    if (v.macvtap) {
      const t = tapStateFor(h, v);
      // The 2.6.34 macvtap_set_queue takes one file per device: the VMM's further opens are -EBUSY.
      const opened = v.macvtap.era === '2.6.34' ? Math.min(1, v.macvtap.queues) : v.macvtap.queues;
      for (let i = 0; i < opened; i++) t.queues.push({ ring: [], readerPending: false });
      publishTap(ctx, v, t);
    }
    h.publishDev(ctx, v);
    return say.existsDownModeMac(mode, h, v, name);
  },
  delete(h, ctx, a) {
    const v = dev(h, a);
    const stopped = v.up ? stop(h, ctx, v) + ' ' : '';
    h.port.flushSources(v);
    h.port.vlans.splice(h.port.vlans.indexOf(v), 1);
    h.devs.delete(v.name);
    h.port.updateBcQueueLen();
    if (h.port.vlans.length === 0) h.port.passthru = false;
    const t = h.taps.get(v.name);
    if (t) while (t.queues.length) closeQueue(h, ctx, v, t, t.queues.length - 1);
    h.taps.delete(v.name);
    h.publishQueue(ctx);
    ctx.set(`dev/${v.name}`, undefined);
    return say.goneBcQueueLen(stopped, v.name, h.port.bcQueueLenUsed);
  },
  up: (h, ctx, a) => open(h, ctx, dev(h, a)),
  down: (h, ctx, a) => stop(h, ctx, dev(h, a)),
  'set-mode'(h, ctx, a) {
    const v = dev(h, a);
    const mode = a.mode as MacvlanMode;
    if ((mode === 'passthru') !== (v.mode === 'passthru'))
      refuse('Invalid argument (-EINVAL)', say.passthroughModeSetCleared());
    if (h.cfg.era === '2.6.33' && mode === 'source') refuse('Invalid argument (-EINVAL)', say.modeSourceExist());
    const old = v.mode;
    if (old === 'source' && mode !== 'source') h.port.flushSources(v);
    v.mode = mode;
    h.publishDev(ctx, v);
    return say.switchesStaysSameHash(old, mode, v.name);
  },
  'set-bcqueuelen'(h, ctx, a) {
    const v = dev(h, a);
    v.bcqueuelen = Number(a.len);
    h.port.updateBcQueueLen();
    h.publishQueue(ctx);
    h.publishDev(ctx, v);
    return say.requestsPortUsesLargest(v.name, v.bcqueuelen, h.port.bcQueueLenUsed);
  },
  'set-bclim'(h, ctx, a) {
    const v = dev(h, a);
    h.port.bcCutoff = Number(a.limit);
    h.publishQueue(ctx);
    return say.portBcCutoffWhoever(h, v.name);
  },
  macaddr(h, ctx, a) {
    const v = dev(h, a);
    if (v.mode !== 'source')
      refuse('Invalid argument (-EINVAL)', say.sourceMacListsExist(v.name, v.mode.toUpperCase()));
    const list = macs(a);
    const op = String(a.op);
    if ((op === 'add' || op === 'del') && list.length !== 1)
      refuse('Invalid argument (-EINVAL)', say.macaddrTakesExactlyMac(op));
    if (op === 'add') h.port.addSource(v, list[0]);
    else if (op === 'del') h.port.delSource(v, list[0]);
    else {
      h.port.flushSources(v);
      if (op === 'set') for (const m of list) h.port.addSource(v, m);
    }
    h.publishDev(ctx, v);
    const now = h.port.sourcesOf(v).map((m) => formatMac(m));
    return `${v.name}'s source list is now [${now.join(', ')}].`;
  },
  'mcast-join'(h, ctx, a) {
    const v = dev(h, a);
    const g = macs({ macs: [a.group] })[0];
    if (!v.mcast.some((m) => formatMac(m) === formatMac(g))) v.mcast.push(g);
    h.publishDev(ctx, v);
    return say.multicastListSyncedBoth(formatMac(g), v.name, h.lowerName);
  },
  'mcast-leave'(h, ctx, a) {
    const v = dev(h, a);
    const g = formatMac(macs({ macs: [a.group] })[0]);
    v.mcast = v.mcast.filter((m) => formatMac(m) !== g);
    h.publishDev(ctx, v);
    return `${g} is off ${v.name}'s multicast list.`;
  },
  'tap-open'(h, ctx, a) {
    const v = dev(h, a);
    if (!v.macvtap) refuse('No such device (-ENODEV)', say.macvlanMacvtapDevTapN(v.name));
    const t = tapStateFor(h, v);
    const first = v.macvtap?.era === '2.6.34';
    // v2.6.34 macvtap_set_queue: a device already attached to a file answers -EBUSY.
    if (first && t.queues.length) refuse(say.deviceResourceBusyEbusy2(), say.firstMacvtapOneFile(v.name));
    const max = v.macvtap?.era === '3.13' ? MAX_MACVTAP_QUEUES_3X : MAX_TAP_QUEUES;
    if (t.queues.length >= max) refuse(say.deviceResourceBusyEbusy2(), say.alreadyMaxTapQueues(v.name, max));
    t.queues.push({ ring: [], readerPending: false });
    publishTap(ctx, v, t);
    h.publishDev(ctx, v);
    return first ? say.firstMacvtapOpened(v.name) : say.queueRingTxQueue(v.name, t.queues.length, t.txqueuelen);
  },
  'tap-close'(h, ctx, a) {
    const v = dev(h, a);
    const t = h.taps.get(v.name);
    if (!t || !t.queues.length) refuse('Bad file descriptor (-EBADF)', `${v.name} has no open queue`);
    const qi = a.queue === undefined ? t!.queues.length - 1 : Number(a.queue);
    if (qi >= t!.queues.length) refuse('Bad file descriptor (-EBADF)', `${v.name} has no queue ${qi}`);
    closeQueue(h, ctx, v, t!, qi);
    h.publishDev(ctx, v);
    return `${v.name} now has ${t!.queues.length} queue(s)${t!.queues.length === 0 ? say.framesGoOwnNetdev() : ''}.`;
  },
  'set-reader'(h, ctx, a) {
    const v = dev(h, a);
    if (!v.macvtap) refuse('No such device (-ENODEV)', `${v.name} is not a macvtap`);
    const t = tapStateFor(h, v);
    const every = a.every !== undefined ? parseDuration(a.every) : undefined;
    if (every && !every.ok) refuse('Invalid argument (-EINVAL)', every.error);
    t.reader = {
      everyNs: every?.ok ? Math.max(1, every.value) : t.reader.everyNs,
      burst: a.burst !== undefined ? Number(a.burst) : t.reader.burst,
    };
    publishTap(ctx, v, t);
    return say.vmmReadsUpFrame(t.reader.burst, t.reader.everyNs);
  },
  'set-txqueuelen'(h, ctx, a) {
    const v = dev(h, a);
    if (!v.macvtap) refuse('Invalid argument (-EINVAL)', say.macvlanIffQueueMacvtap(v.name));
    resizeRings(ctx, v, tapStateFor(h, v), Number(a.len));
    h.publishDev(ctx, v);
    if (v.macvtap?.era === '2.6.34') return say.firstMacvtapIgnoresTxqueuelen(v.name, Number(a.len));
    return say.ringHoldsMostFrames(v.name, Number(a.len));
  },
};

export const COMMAND_NAMES = Object.keys(HANDLERS);
export const MODE_NAMES: readonly string[] = MODES;
