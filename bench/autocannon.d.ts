// The part of autocannon's programmatic API that bench/http.bench.ts uses (the package ships no
// types; a local declaration saves a dependency on @types/autocannon).
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; p50: number; p90: number; p97_5: number; p99: number; max: number; total: number }
  interface Result { requests: Histogram; latency: Histogram; throughput: Histogram; errors: number; timeouts: number; non2xx: number }
  interface Request { method?: string; path?: string; body?: string; headers?: Record<string, string> }
  interface Options { url: string; connections?: number; duration?: number; workers?: number; requests?: Request[]; headers?: Record<string, string> }
  export default function autocannon(opts: Options): Promise<Result>;
}
