import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { cliPath, type Io } from "./io.ts";

/** Writes to a file (creating its folder) or, without a path, to standard output. */
export async function writeOutput(
  io: Io,
  body: string | Uint8Array,
  out: string | undefined,
): Promise<void> {
  if (!out || out === "-") {
    io.stdout.write(body);
    return;
  }
  const path = cliPath(io, out);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, body);
}
