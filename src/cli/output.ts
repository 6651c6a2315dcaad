import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** Writes to a file (creating its folder) or, without a path, to standard output. */
export async function writeOutput(
  body: string | Uint8Array,
  out: string | undefined,
): Promise<void> {
  if (!out || out === "-") {
    process.stdout.write(body);
    return;
  }
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, body);
}
