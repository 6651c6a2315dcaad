/**
 * Runs `workplan` commands in-process, through the same `main(argv, io)` as bin/workplan,
 * with buffers for the streams and an environment of the test's own (nothing inherited).
 */
import { Readable } from "node:stream";
import { main } from "../../src/cli/dispatch.ts";
import type { Io, Output } from "../../src/cli/io.ts";

export type CliRun = {
  code: number;
  stdout: string;
  stderr: string;
  /** Standard output as bytes (binary exports). */
  stdoutBytes: Buffer;
};

export type CliOptions = {
  env?: NodeJS.ProcessEnv;
  /** Standard input's text (default: empty). */
  stdin?: string;
  /** Streams that say they are a terminal (80 columns). */
  tty?: boolean;
  cwd?: string;
};

function buffer(isTTY: boolean): Output & { bytes(): Buffer } {
  const chunks: Buffer[] = [];
  return {
    isTTY,
    columns: 80,
    write: (c: string | Uint8Array) => chunks.push(Buffer.from(c)),
    bytes: () => Buffer.concat(chunks),
  };
}

/** An Io over buffers, and what was written to them so far. */
export function testIo(opts: CliOptions = {}): { io: Io; stdout(): Buffer; stderr(): string } {
  const stdout = buffer(opts.tty === true);
  const stderr = buffer(opts.tty === true);
  return {
    io: {
      stdout,
      stderr,
      stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
      env: opts.env ?? {},
      cwd: opts.cwd,
    },
    stdout: () => stdout.bytes(),
    stderr: () => stderr.bytes().toString("utf8"),
  };
}

/** `workplan ...argv`, in-process: its exit code and what it wrote. */
export async function runCli(argv: string[], opts: CliOptions = {}): Promise<CliRun> {
  const t = testIo(opts);
  const code = await main(argv, t.io);
  return {
    code,
    stdout: t.stdout().toString("utf8"),
    stderr: t.stderr(),
    stdoutBytes: t.stdout(),
  };
}
