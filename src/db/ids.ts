import { randomBytes } from "node:crypto";

let lastMs = 0;
let seq = 0;
// Random bytes drawn a page at a time: one call per id was a tenth of an import's time.
const POOL = 4096;
let pool = randomBytes(POOL);
let used = 0;

function random16(): Buffer {
  if (used + 16 > POOL) {
    pool = randomBytes(POOL);
    used = 0;
  }
  const b = Buffer.from(pool.subarray(used, used + 16));
  used += 16;
  return b;
}

/**
 * A new row id: a UUIDv7 (time-ordered), so ordering by id is creation order on both
 * dialects. A counter in the random bits keeps ids made in the same millisecond ordered.
 */
export function newId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    seq++;
    if (seq > 0xfff) {
      ms = ++lastMs;
      seq = 0;
    }
  } else {
    seq = 0;
  }
  lastMs = ms;
  const b = random16();
  b.writeUIntBE(ms, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | ((b[8] ?? 0) & 0x3f);
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
