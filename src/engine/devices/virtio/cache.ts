// A write-back, write-allocate data cache with no snooping, as on the non-coherent
// embedded CPUs of a backplane: the DMA engine and the other computer's bus writes go
// to DRAM and never update or invalidate a line here. Maintenance works on whole lines:
// clean writes a dirty line back (all of it, which is what makes false sharing destroy the
// other side's bytes), invalidate drops a line and discards its dirty bytes (Linux
// Documentation/core-api/dma-api-howto.rst "Platform Issues"; OpenAMP metal_cache_flush /
// metal_cache_invalidate).
import type { Ram } from './ram';

export interface Line {
  readonly ram: Ram;
  readonly addr: number;
  data: Uint8Array;
  dirty: boolean;
}

export type LineEvent = { kind: 'fill' | 'writeback' | 'drop'; ram: Ram; addr: number; dirty: boolean };

export class Cache {
  private readonly lines = new Map<string, Line>();
  /** Told about every line that changes so the device can record cache state. */
  listener: ((line: Line | undefined, ram: Ram, addr: number) => void) | undefined;

  constructor(
    readonly side: string,
    readonly lineSize: number,
  ) {}

  lineOf(addr: number): number {
    return addr - (addr % this.lineSize);
  }

  /** Line addresses covering [addr, addr+len). */
  linesCovering(addr: number, len: number): number[] {
    const out: number[] = [];
    for (let a = this.lineOf(addr); a < addr + Math.max(len, 1); a += this.lineSize) out.push(a);
    return out;
  }

  get(ram: Ram, lineAddr: number): Line | undefined {
    return this.lines.get(`${ram.name}:${lineAddr}`);
  }

  all(): Line[] {
    return [...this.lines.values()];
  }

  private fill(ram: Ram, lineAddr: number): Line {
    const line: Line = { ram, addr: lineAddr, data: ram.read(lineAddr, this.lineSize), dirty: false };
    this.lines.set(`${ram.name}:${lineAddr}`, line);
    this.listener?.(line, ram, lineAddr);
    return line;
  }

  /** Load bytes; returns the data and how many lines missed (each miss filled the whole line). */
  load(ram: Ram, addr: number, len: number): { data: Uint8Array; misses: number } {
    const out = new Uint8Array(len);
    let misses = 0;
    for (const la of this.linesCovering(addr, len)) {
      let line = this.get(ram, la);
      if (!line) {
        line = this.fill(ram, la);
        misses++;
      }
      const from = Math.max(addr, la);
      const to = Math.min(addr + len, la + this.lineSize);
      out.set(line.data.subarray(from - la, to - la), from - addr);
    }
    return { data: out, misses };
  }

  /** Store bytes into the cache only (write-allocate); DRAM is not touched. */
  store(ram: Ram, addr: number, bytes: Uint8Array): { misses: number } {
    let misses = 0;
    for (const la of this.linesCovering(addr, bytes.length)) {
      let line = this.get(ram, la);
      if (!line) {
        line = this.fill(ram, la);
        misses++;
      }
      const from = Math.max(addr, la);
      const to = Math.min(addr + bytes.length, la + this.lineSize);
      line.data.set(bytes.subarray(from - addr, to - addr), from - la);
      line.dirty = true;
      this.listener?.(line, ram, la);
    }
    return { misses };
  }

  /** Write dirty lines back to DRAM (whole lines). Returns the line addresses written. */
  clean(ram: Ram, addr: number, len: number, sink?: (ram: Ram, addr: number, data: Uint8Array) => void): number[] {
    const written: number[] = [];
    for (const la of this.linesCovering(addr, len)) {
      const line = this.get(ram, la);
      if (line?.dirty) {
        if (sink) sink(ram, la, line.data.slice());
        else ram.write(la, line.data, this.side);
        line.dirty = false;
        written.push(la);
        this.listener?.(line, ram, la);
      }
    }
    return written;
  }

  /** Drop lines; dirty bytes are discarded. Returns the line addresses dropped. */
  invalidate(ram: Ram, addr: number, len: number): number[] {
    const dropped: number[] = [];
    for (const la of this.linesCovering(addr, len)) {
      if (this.lines.delete(`${ram.name}:${la}`)) {
        dropped.push(la);
        this.listener?.(undefined, ram, la);
      }
    }
    return dropped;
  }
}
