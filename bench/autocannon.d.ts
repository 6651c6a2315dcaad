// The few parts of autocannon (which ships no types) the benchmarks use.
declare module "autocannon" {
  type Histogram = { average: number; mean: number; p50: number; p99: number; max: number };
  export type Result = {
    requests: Histogram & { total: number };
    latency: Histogram;
    throughput: Histogram;
    non2xx: number;
    errors: number;
    timeouts: number;
    duration: number;
  };
  export type Options = {
    url: string;
    connections?: number;
    duration?: number;
    pipelining?: number;
    headers?: Record<string, string>;
    /** Requests each connection cycles through (paths on `url`'s host). */
    requests?: { path: string; method?: string }[];
  };
  export default function autocannon(options: Options): Promise<Result>;
}
