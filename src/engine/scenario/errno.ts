// Linux errno numbers by name, from include/uapi/asm-generic/errno-base.h and errno.h
// (the values x86, arm and s390 share). Devices report what a call returned as a
// negative number, the kernel's convention; expectations may name it instead.
export const ERRNO: ReadonlyMap<string, number> = new Map([
  ['EPERM', 1],
  ['ENOENT', 2],
  ['EIO', 5],
  ['ENXIO', 6],
  ['EBADF', 9],
  ['EAGAIN', 11],
  ['ENOMEM', 12],
  ['EACCES', 13],
  ['EBUSY', 16],
  ['EEXIST', 17],
  ['ENODEV', 19],
  ['EINVAL', 22],
  ['ENOSPC', 28],
  ['ERANGE', 34],
  ['EMSGSIZE', 90],
  ['EPROTONOSUPPORT', 93],
  ['EOPNOTSUPP', 95],
  ['EADDRINUSE', 98],
  ['EADDRNOTAVAIL', 99],
  ['ENETDOWN', 100],
  ['ENETUNREACH', 101],
  ['ENOBUFS', 105],
  ['ETIMEDOUT', 110],
  ['EALREADY', 114],
  ['EINPROGRESS', 115],
  ['EREMOTEIO', 121],
]);

/** `-EINVAL`, `EINVAL`, `-22` or `0` as the negative number a kernel call returns; undefined when unknown. */
export function errnoValue(v: number | string): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v <= 0 ? v : undefined;
  const s = v.trim();
  if (/^-?\d+$/.test(s)) return errnoValue(Number(s));
  const n = ERRNO.get(s.replace(/^-/, ''));
  return n === undefined ? undefined : -n;
}

/** -22 as "-EINVAL", 0 as "0"; numbers without a name stay numbers. */
export function errnoName(v: number): string {
  if (v === 0) return '0';
  for (const [name, n] of ERRNO) if (n === -v) return `-${name}`;
  return String(v);
}
