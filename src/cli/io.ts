import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

/** Where a stream of output goes: the process's own, or a test's buffer. */
export type Output = {
  write(chunk: string | Uint8Array): unknown;
  /** True on a terminal (progress bars, refusing to print binary data). */
  isTTY?: boolean;
  columns?: number;
};

/**
 * Everything a command touches outside its arguments: its streams, its environment and the
 * folder relative paths start from. `bin/workplan` passes the process's own; tests pass
 * buffers and an environment of their own, and run commands in-process.
 */
export type Io = {
  stdout: Output;
  stderr: Output;
  stdin: AsyncIterable<string | Uint8Array>;
  env: NodeJS.ProcessEnv;
  /** Relative FILE arguments start here (default: the process's working folder). */
  cwd?: string;
};

/** The process's own streams, environment and folder. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A path given on the command line, resolved against the command's folder. */
export function cliPath(io: Io, path: string): string {
  return resolve(io.cwd ?? process.cwd(), path);
}

/** Reads a FILE argument; a missing file is named as the user wrote it. */
export async function readInput(io: Io, file: string): Promise<Buffer> {
  try {
    return await readFile(cliPath(io, file));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") err.path = file;
    throw err;
  }
}

/** All of standard input as text. */
export async function readAll(input: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
