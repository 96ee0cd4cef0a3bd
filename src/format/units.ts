/** The byte units every figure is stated in (the catalog's too: src/catalog/schema.ts, "Units"). */

/** GiB = 2^30 B. */
export const BYTES_PER_GIB = 1024 ** 3;
/** MiB = 2^20 B. */
export const BYTES_PER_MIB = 1024 ** 2;
/** KiB = 2^10 B. */
export const BYTES_PER_KIB = 1024;
/** kB = 10^3 B (rates: disks and NICs are rated in decimal units). */
export const BYTES_PER_KB = 1000;
/** Catalog MB/s are 10^6 B/s. */
export const BYTES_PER_MB = 1e6;
