// The command line's entry: the process's arguments, streams and environment in, its exit code out.
import { main } from "./dispatch.ts";
import { processIo } from "./io.ts";

process.exitCode = await main(process.argv.slice(2), processIo());
