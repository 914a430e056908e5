// The fact sheet's common fixture (§6) and its appendix A golden frames, as hex.
import { fromHex } from '../../src/engine/frame/bytes';

export const FIX = {
  stationMac: '52:54:00:00:00:01',
  bridgeMac: '00:11:22:33:44:55',
  vmMac: '52:54:00:12:34:56',
  vlan: 100,
  managerId: 1,
  typeId: 0x123456,
  typeVersion: 1,
  uuid: 'a1b2c3d4-e5f6-0718-293a-4b5c6d7e8f90',
};

const MGR = '0a10' + '01' + '00'.repeat(15);
const UUID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const tail = `123456 01 05 ${UUID} 02 0001 525400123456 0064`;
const st = '0180c2000000 525400000001 8940';
const br = '0180c2000000 001122334455 8940';

const h = (s: string): Uint8Array => fromHex(s.replace(/\s+/g, ''));

export const GOLDEN = {
  A1: h(`${st} 1001 0001 ${MGR} 0621 00 ${tail}`),
  A2: h(`${br} 1401 0001`),
  A3: h(`${br} 1001 0001 ${MGR} 0621 40 ${tail}`),
  A4: h(`${st} 1401 0001`),
  D_unsol: h(`${br} 1001 0002 ${MGR} 0821 00 ${tail}`),
  N: h(`${br} 1001 0002 ${MGR} 0821 52 ${tail}`),
  K: h(`${br} 1001 0003 ${MGR} 0621 63 ${tail}`),
  P: h(`${st} 1001 0001 ${MGR} 0221 10 ${tail}`),
  B1: h(
    `0180c200000e 525400000001 88b7 001b3f 00 0000 00 0001 fe26 001b3f 02 02 00 01 123456 01 ${UUID} 02 0001 525400123456 0064 0000`,
  ),
  B3: h(
    `0180c200000e 001122334455 88b7 001b3f 00 0000 00 0001 fe26 001b3f 02 02 00 01 123456 01 ${UUID} 02 0001 525400123456 0064 0000`,
  ),
};
