export declare const INSTALL_TOOLS: string;
export declare function skipReason(tools: string[]): string;
export declare function skipSummary(
  skips: { tools: string[]; name: string; file?: string }[],
): string;
declare const reporter: (source: AsyncIterable<unknown>) => AsyncGenerator<string>;
export default reporter;
