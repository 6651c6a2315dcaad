import { inflateRawSync } from "node:zlib";
import { LIMITS, overLimit } from "../core/limits.ts";

/**
 * Refuses a zip (a .docx) whose entries would decompress to more than `max` bytes in all
 * (413, docx_decompressed_bytes), before anything unpacks it whole: sizes declared in the
 * central directory are summed, and since a hostile file can lie there, every deflated
 * entry is also inflated with a cap of what is left of the budget, so no more than `max`
 * bytes are ever made. What is not a readable zip is left to the Word reader to refuse.
 */
export function checkZipSize(
  bytes: Uint8Array,
  max: number = LIMITS.docx_decompressed_bytes,
): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndOfCentralDirectory(buf);
  if (end < 0) return;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  let declared = 0;
  let made = 0;
  const tooBig = () => overLimit("docx_decompressed_bytes", "the Word file decompresses too large");
  for (let n = 0; n < count && at + 46 <= buf.length; n++) {
    if (buf.readUInt32LE(at) !== 0x02014b50) return;
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    declared += size;
    if (declared > max) throw tooBig();
    if (method === 8 && local + 30 <= buf.length && buf.readUInt32LE(local) === 0x04034b50) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, Math.min(buf.length, start + compressed));
      try {
        made += inflateRawSync(data, { maxOutputLength: Math.max(1, max - made) }).length;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw tooBig();
        return; // not deflate data after all: the Word reader will say so
      }
      if (made > max) throw tooBig();
    }
    at += 46 + nameLength + extraLength + commentLength;
  }
}

/** The offset of the zip's end-of-central-directory record, or -1. */
function findEndOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  return -1;
}
