import { graphFromArcs } from './src/network/build.ts';
import { buildHierarchy } from './src/route/ch.ts';
const side = 150, N = side * side;
let seed = 1; const rand = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
const lon = new Float64Array(N), lat = new Float64Array(N);
for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) { lon[y * side + x] = 68 + x * 0.0137; lat[y * side + x] = 43 + y * 0.01; }
const t: number[] = [], h: number[] = [], w: number[] = [];
const add = (a: number, b: number, s: number) => { if (rand() < 0.12) return; const c = (1 + rand() * 0.3) / s; t.push(a); h.push(b); w.push(c); if (rand() > 0.1) { t.push(b); h.push(a); w.push(c * (1 + rand() * 0.1)); } };
for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) { const i = y * side + x; if (x + 1 < side) add(i, i + 1, y % 8 ? 40 : 70); if (y + 1 < side) add(i, i + side, x % 8 ? 40 : 70); }
const g = graphFromArcs(lon, lat, Int32Array.from(t), Int32Array.from(h), Float64Array.from(w));
const wt = new Float64Array(g.arcCount); for (let a = 0; a < g.arcCount; a++) wt[a] = g.linkLengthKm[g.arcLink[a]];
const H = buildHierarchy(g, wt, { witnessLimit: 10 });
console.log(N, 'nodes', (H.buildMs / 1000).toFixed(2), 's', H.shortcuts, 'shortcuts');
