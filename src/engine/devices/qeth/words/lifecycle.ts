// guest.ts: the device's online/offline life cycle (sysfs `online`, qeth_set_online /
// qeth_set_offline) and isolation written while offline.

export const onlineFailsIsolation = (dev: string, text: string, rc: string, mode: string): string =>
  `qeth 0.0.${dev}: ${text} (${rc}). Setting isolation "${mode}" is part of the hard setup ` +
  `(qeth_core_hardsetup_card, before STARTLAN), so the device fails to go online (-ENODEV): no ` +
  `STARTLAN, no address registered, isolation stays "${mode}" for the next try.`;

export const goesOffline = (ifname: string, dev: string): string =>
  `echo 0 > /sys/bus/ccwgroup/devices/0.0.${dev}/online: ${ifname} goes offline. Linux halts the ` +
  `data connection (qeth_stop_card, qeth_qdio_clear_card); the lab tells the card with STOPLAN, and ` +
  `the card drops every address this device registered. The driver keeps its own list, marked to ` +
  `be registered again when the device comes back.`;

export const alreadyOffline = (ifname: string): string =>
  `${ifname} is already offline: writing 0 to online changes nothing.`;

export const alreadyOnline = (ifname: string): string =>
  `${ifname} is already online: writing 1 to online changes nothing.`;

export const goesOnline = (ifname: string, dev: string): string =>
  `echo 1 > /sys/bus/ccwgroup/devices/0.0.${dev}/online: ${ifname} goes online (qeth_set_online).`;

export const isolationStoredOffline = (dev: string, mode: string): string =>
  `qeth 0.0.${dev} is offline: the card cannot be asked, so qeth_dev_isolation_store only records ` +
  `isolation "${mode}" (write returns 0). It is sent when the device goes online, and a refusal then ` +
  `fails the online.`;

export const offlineDrops = (ifname: string): string =>
  `${ifname} is offline: the driver has no data connection, nothing reaches the stack.`;

export const offlineCannotSend = (ifname: string): string =>
  `${ifname} is offline (no carrier, the interface is down): the send fails with -ENETDOWN, "Network is down".`;

export const adjacentPortRr = (on: boolean): string =>
  on
    ? `The adjacent switch port enters reflective relay: the card may take isolation "forward" again.`
    : `The adjacent switch port leaves reflective relay (VEPA to VEB): a frame the card sends out ` +
      `for a guest in isolation "forward" would no longer come back.`;

export const cardStopsLanVepaToVeb = (devno: string): string =>
  `The card stops the LAN for DEVNO ${devno}, which is in isolation "forward": an unsolicited ` +
  `STOPLAN with return code 0xe090 (IPA_RC_VEPA_TO_VEB_TRANSITION, "Adj. switch disabled port ` +
  `mode RR"). It drops the connection's registrations; it never falls back to no isolation.`;

export const adjacentLeftRrRecovery = (ifname: string): string =>
  `qeth: Adjacent port of interface ${ifname} is no longer in reflective relay mode, trigger ` +
  `recovery (qeth_check_ipa_data: unsolicited STOPLAN 0xe090). The carrier goes off and the ` +
  `driver schedules a recovery: offline, then online again with isolation "forward".`;

export const recoveryFailed = (dev: string): string =>
  `qeth 0.0.${dev}: The qeth device driver failed to recover an error on the device ` +
  `(qeth_recover: qeth_set_online failed, so ccwgroup_set_offline). The device stays offline ` +
  `until someone writes 1 to online, and then only with an isolation the card accepts.`;
