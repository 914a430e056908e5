import * as say from './words'; // Physical memory of one computer (the host's DRAM or an agent's DRAM), stored sparsely
// in 4 KiB pages so a ring at 0x0010_0000 and a buffer at 0x0200_0000 cost only the
// pages they touch. Little-endian field helpers match virtio's legacy-on-x86 and 1.x byte
// order (spec split-ring.tex "Legacy Interfaces: A Note on Virtqueue Endianness").

const PAGE = 4096;

/** Called with (addr, len) whenever bytes in this RAM change, so watchers can record state. */
export type RamListener = (addr: number, len: number, writer: string, before: Uint8Array) => void;

export class Ram {
  private readonly pages = new Map<number, Uint8Array>();
  listener: RamListener | undefined;

  constructor(
    readonly name: string,
    readonly size: number,
  ) {}

  private check(addr: number, len: number): void {
    if (addr < 0 || len < 0 || addr + len > this.size || !Number.isInteger(addr)) {
      throw new RangeError(say.accessOutsideBytes(this.name, addr.toString(16), len, this.size));
    }
  }

  read(addr: number, len: number): Uint8Array {
    this.check(addr, len);
    const out = new Uint8Array(len);
    let done = 0;
    while (done < len) {
      const a = addr + done;
      const off = a % PAGE;
      const n = Math.min(len - done, PAGE - off);
      const page = this.pages.get(Math.floor(a / PAGE));
      if (page) out.set(page.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Write bytes; `writer` names who wrote them (a CPU's write-back, a bus write, the DMA engine). */
  write(addr: number, bytes: Uint8Array, writer = '?'): void {
    this.check(addr, bytes.length);
    const before = this.listener ? this.read(addr, bytes.length) : undefined;
    let done = 0;
    while (done < bytes.length) {
      const a = addr + done;
      const off = a % PAGE;
      const n = Math.min(bytes.length - done, PAGE - off);
      const key = Math.floor(a / PAGE);
      let page = this.pages.get(key);
      if (!page) this.pages.set(key, (page = new Uint8Array(PAGE)));
      page.set(bytes.subarray(done, done + n), off);
      done += n;
    }
    if (this.listener) this.listener(addr, bytes.length, writer, before!);
  }
}

export const le16 = (v: number): Uint8Array => new Uint8Array([v & 0xff, (v >>> 8) & 0xff]);
export const le32 = (v: number): Uint8Array =>
  new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
export function le64(v: number): Uint8Array {
  const out = new Uint8Array(8);
  out.set(le32(v >>> 0), 0);
  out.set(le32(Math.floor(v / 0x1_0000_0000) >>> 0), 4);
  return out;
}
export const getLe16 = (b: Uint8Array, o = 0): number => b[o] | (b[o + 1] << 8);
export const getLe32 = (b: Uint8Array, o = 0): number =>
  (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
export const getLe64 = (b: Uint8Array, o = 0): number => getLe32(b, o) + getLe32(b, o + 4) * 0x1_0000_0000;

export const hex = (v: number, digits = 8): string => `0x${v.toString(16).padStart(digits, '0')}`;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
export function toHex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX[b[i]];
  return s;
}
export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}
