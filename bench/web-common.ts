// Shared by bench/web.bench.ts and bench/http.bench.ts: the seeded generator, percentiles, the
// table row, seeded tile addresses over the region, and a timed GET. Not a bench itself (the runner
// only runs *.bench.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

import { seededRandom as rng } from '../src/core/random.ts';

export { rng };

export const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
export const row = (name: string, v: string) => console.log(`| ${name.padEnd(48)} | ${v.padEnd(44)} |`);
export const loadAverage = () => loadavg().map((x) => x.toFixed(1)).join(' / ');

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const lat2y = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/**
 * `count` distinct z/x/y addresses at zooms 2–9 around points drawn over the CIS (lon 25–90,
 * lat 36–58, where the network is), so most tiles have data; lower zooms weigh more, as in a session.
 */
export function seededTiles(rand: () => number, count: number): string[] {
  const zooms = [2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9];
  const out = new Set<string>();
  while (out.size < count) {
    const z = zooms[Math.floor(rand() * zooms.length)];
    const lon = 25 + rand() * 65, lat = 36 + rand() * 22;
    out.add(`${z}/${lon2x(lon, z)}/${lat2y(lat, z)}`);
  }
  return [...out];
}

/** One GET timed to the last body byte; a non-200 answer is an error (a broken server shows). */
export async function timeGet(url: string, init?: RequestInit): Promise<{ ms: number; bytes: number }> {
  const t0 = performance.now();
  const r = await fetch(url, init);
  const body = new Uint8Array(await r.arrayBuffer());
  const ms = performance.now() - t0;
  if (r.status !== 200) throw new Error(`GET ${url}: HTTP ${r.status} ${new TextDecoder().decode(body).slice(0, 200)}`);
  return { ms, bytes: Number(r.headers.get('content-length') ?? body.length) };
}

/**
 * CPU time (user + system, ms) used so far by every process descending from this one (Chromium's
 * browser, renderer, GPU and utility processes), read from /proc. On a machine shared with other
 * work, wall time to `idle` stretches with the load; the CPU the browser spends on a page load does not.
 */
export function descendantsCpuMs(root = process.pid): number {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(f[1]));
      cpu.set(Number(name), Number(f[11]) + Number(f[12])); // utime, stime in clock ticks (100 Hz)
    } catch { /* exited meanwhile */ }
  }
  let ticks = 0;
  for (const [pid, t] of cpu) {
    let p = parent.get(pid);
    while (p !== undefined && p > 1 && p !== root) p = parent.get(p);
    if (p === root) ticks += t;
  }
  return ticks * 10;
}
