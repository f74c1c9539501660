// npm run bench -- alerts: early warning (issue 8) on a fresh PGlite store seeded with the bundled
// network. (1) 1,000 seeded CAP 1.2 alerts (polygons, circles, some both) ingested from a folder
// and the exposure of every active one; (2) ~20 new alerts, one at a time as POST /alerts does,
// with 10 watches (7 routes, 3 corridors): stored, impact computed, notifications queued;
// (3) the alert overlay (closures, slower and riskier links, border delays) and a plan with it on
// the cached network, with the 1,020 alerts active and with only the 20 new ones active: the first
// request computes the overlay, the repeats take it from the per-store cache; and the whole
// reroute (with and without alerts, each alert on the route left out in turn). Every figure comes with a
// fingerprint of the answers (alerts, links hit, km affected, deliveries, route costs), so a
// faster wrong answer shows. (4), not a target: a batch of 100 ingested with the watches in
// place. ALERTS_BENCH_N changes the batch size (default 1000).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alertImpacts, ingestAlertBody, ingestAlerts } from '../src/app/alerts.ts';
import { alertOverlay, rerouteAroundAlerts, withAlertOverlay } from '../src/app/alerts-reroute.ts';
import { addWatch } from '../src/app/alerts-watch.ts';
import { openKaravan } from '../src/app/open.ts';
import { checkOptions, openNetwork, planOnNetwork, type CheckedOptions } from '../src/app/plan-route.ts';
import { countLayer, listDeliveries } from '../src/store/index.ts';
import { seededRandom as rng } from '../src/core/random.ts';

const N = Number(process.env.ALERTS_BENCH_N ?? 1000);
const NEW = 20;
const BATCH_WATCHED = 100;
const NOW = '2026-06-01T12:00:00+00:00';
// the batch expires after a day, the new alerts after three: at LATER only the new ones are active
const LATER = '2026-06-03T12:00:00+00:00';


const SEVERITY = ['Extreme', 'Severe', 'Moderate', 'Minor'];
const CERTAINTY = ['Observed', 'Likely', 'Possible', 'Unlikely'];
const EVENTS: [string, string][] = [['Flood', 'Met'], ['Mudflow', 'Geo'], ['Dust storm', 'Met'], ['Chemical release', 'CBRNE'], ['Earthquake', 'Geo'], ['Blizzard', 'Met'], ['Wildfire', 'Fire']];
const f4 = (x: number) => x.toFixed(4);

/** A jittered ring of 5–9 vertices round (lon, lat), half-size `deg`; CAP order is lat,lon. */
function polygon(rand: () => number, lon: number, lat: number, deg: number): string {
  const k = 5 + Math.floor(rand() * 5);
  const pts: string[] = [];
  for (let i = 0; i < k; i++) {
    const a = (2 * Math.PI * i) / k, r = deg * (0.6 + 0.4 * rand());
    pts.push(`${f4(lat + r * Math.sin(a))},${f4(lon + (r * Math.cos(a)) / Math.cos((lat * Math.PI) / 180))}`);
  }
  return `<polygon>${[...pts, pts[0]].join(' ')}</polygon>`;
}

interface Shape { lon: number; lat: number; kind: 'polygon' | 'circle' | 'both'; sizeDeg: number; radiusKm: number }

function capXml(id: string, rand: () => number, s: Shape, expires: string): string {
  const [event, category] = EVENTS[Math.floor(rand() * EVENTS.length)];
  const severity = SEVERITY[Math.floor(rand() * SEVERITY.length)], certainty = CERTAINTY[Math.floor(rand() * CERTAINTY.length)];
  const areas: string[] = [];
  if (s.kind !== 'circle') areas.push(polygon(rand, s.lon, s.lat, s.sizeDeg));
  if (s.kind !== 'polygon') areas.push(`<circle>${f4(s.lat)},${f4(s.lon)} ${s.radiusKm.toFixed(1)}</circle>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>${id}</identifier>
  <sender>bench@karavan.example</sender>
  <sent>2026-06-01T10:00:00+00:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>en-US</language>
    <category>${category}</category>
    <event>${event}</event>
    <urgency>Immediate</urgency>
    <severity>${severity}</severity>
    <certainty>${certainty}</certainty>
    <expires>${expires}</expires>
    <headline>${event} (${id})</headline>
    <area><areaDesc>${event} area ${id}</areaDesc>${areas.join('')}</area>
  </info>
</alert>
`;
}

const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]; };
const mmm = (xs: number[]) => `${Math.min(...xs).toFixed(1)} / ${pct(xs, 50).toFixed(1)} / ${Math.max(...xs).toFixed(1)}`;
const rssMb = () => (process.memoryUsage().rss / 2 ** 20).toFixed(0);
const rows: string[][] = [['step', 'n', 'time', 'target', 'answers (fingerprint)', 'rss MiB']];
const work = mkdtempSync(join(tmpdir(), 'karavan-bench-alerts-'));

try {
  let t0 = performance.now();
  const db = await openKaravan({ dataDir: join(work, 'db'), seed: true });
  rows.push(['setup: fresh store + bundled network', String(await countLayer(db, 'links')) + ' links', `${((performance.now() - t0) / 1000).toFixed(2)} s`, '–', '–', rssMb()]);
  try {
    // (1) the batch: half polygons of 0.2–2°, 40 % circles of 5–100 km, 10 % both, over the CIS
    const rand = rng(20260601);
    const dir = join(work, 'batch');
    mkdirSync(dir);
    for (let i = 0; i < N; i++) {
      const u = rand();
      const s: Shape = { lon: 30 + rand() * 60, lat: 37 + rand() * 19, kind: u < 0.5 ? 'polygon' : u < 0.9 ? 'circle' : 'both', sizeDeg: 0.1 + rand() * 0.9, radiusKm: 5 + rand() * 95 };
      writeFileSync(join(dir, `a${String(i).padStart(4, '0')}.xml`), capXml(`BENCH-${i}`, rand, s, '2026-06-02T10:00:00+00:00'));
    }
    t0 = performance.now();
    const ing = await ingestAlerts(db, [dir], { now: NOW });
    const tIngest = performance.now() - t0;
    if (!ing.ok || ing.written !== N) throw new Error(`batch: wrote ${ing.written} of ${N}: ${JSON.stringify(ing.issues.slice(0, 3))}`);
    t0 = performance.now();
    const all = await alertImpacts(db, { at: NOW });
    const tExpose = performance.now() - t0;
    const hit = all.filter((x) => x.impact.links.length > 0);
    const linkHits = all.reduce((s, x) => s + x.impact.links.length, 0);
    const km = all.reduce((s, x) => s + x.impact.affectedKm, 0);
    const fp1 = `${all.length} active, ${hit.length} touch links, ${linkHits} link hits, ${km.toFixed(1)} km`;
    rows.push([`ingest ${N} CAP 1.2 files (read, check, write)`, String(N), `${(tIngest / 1000).toFixed(2)} s`, '', `${ing.written} written, ${ing.issues.length} issues`, rssMb()]);
    rows.push([`exposure of all active alerts`, String(all.length), `${(tExpose / 1000).toFixed(2)} s`, '', fp1, rssMb()]);
    const t1 = (tIngest + tExpose) / 1000;
    rows.push([`(1) ingest + expose ${N}`, String(N), `${t1.toFixed(2)} s`, `≤ 5 s: ${t1 <= 5 ? 'met' : 'NOT met'}`, '', rssMb()]);

    // (2) watches on the cached network, then new alerts one by one, most on a watched route
    const net = await openNetwork(db);
    const pairs: [string, string][] = [['KZ-ALMATY-1', 'KZ-ASTANA'], ['UZ-TASHKENT', 'KZ-ALMATY-1'], ['AZ-BAKU', 'GE-TBILISI'], ['KZ-AKTAU', 'KZ-ATYRAU'],
      ['KG-BISHKEK', 'UZ-TASHKENT'], ['RU-ORENBURG', 'KZ-ASTANA'], ['TM-ASHGABAT', 'UZ-SAMARKAND']];
    const watched: string[] = [];
    t0 = performance.now();
    for (const [from, to] of pairs) watched.push(...(await addWatch(db, { route: { from, to }, webhookUrl: 'http://127.0.0.1:9/hook', secret: 'bench' })).links);
    for (const corridor of ['CAREC-1', 'MIDDLE-CORRIDOR', 'INSTC-EAST']) await addWatch(db, { corridor, webhookUrl: 'http://127.0.0.1:9/hook', secret: 'bench' });
    const tWatch = performance.now() - t0;
    rows.push(['add 10 watches (7 routes planned, 3 corridors)', '10', `${tWatch.toFixed(0)} ms`, '–', `${new Set(watched).size} watched links`, rssMb()]);
    const r2 = rng(7);
    const tNew: number[] = [], tImpact: number[] = [];
    let queued = 0, km2 = 0, links2 = 0;
    for (let i = 0; i < NEW; i++) {
      let s: Shape;
      if (i % 4 !== 3) {
        // a circle or box on a vertex of a watched link, so the watch matching does real work
        const g = net.links.get(watched[Math.floor(r2() * watched.length)])!.geometry;
        const [lon, lat] = g[Math.floor(r2() * g.length)];
        s = { lon, lat, kind: i % 2 ? 'circle' : 'polygon', sizeDeg: 0.1 + r2() * 0.3, radiusKm: 10 + r2() * 30 };
      } else s = { lon: 30 + r2() * 60, lat: 37 + r2() * 19, kind: 'both', sizeDeg: 0.1 + r2() * 0.9, radiusKm: 5 + r2() * 95 };
      const body = new TextEncoder().encode(capXml(`BENCH-NEW-${i}`, r2, s, '2026-06-04T10:00:00+00:00'));
      t0 = performance.now();
      const out = await ingestAlertBody(db, body, `new-${i}.xml`, { now: NOW });
      tNew.push(performance.now() - t0);
      if (!out.ok || out.written !== 1) throw new Error(`new alert ${i}: ${JSON.stringify(out.issues.slice(0, 3))}`);
      queued += out.queued;
      t0 = performance.now();
      const [x] = await alertImpacts(db, { id: out.alerts[0].id, at: NOW });
      tImpact.push(performance.now() - t0);
      km2 += x.impact.affectedKm;
      links2 += x.impact.links.length;
    }
    const deliveries = (await listDeliveries(db)).length;
    if (deliveries !== queued) throw new Error(`queued ${queued} but ${deliveries} deliveries stored`);
    const max2 = Math.max(...tNew);
    rows.push([`(2) one new alert → stored, impact, queued (min / median / max)`, String(NEW), `${mmm(tNew)} ms`, `≤ 200 ms: ${max2 <= 200 ? 'met' : pct(tNew, 50) <= 200 ? 'median met, max not' : 'NOT met'}`, `${queued} deliveries queued, ${links2} link hits, ${km2.toFixed(1)} km`, rssMb()]);
    rows.push(['    impact of one alert, read back (GET /alerts/{id}/impact)', String(NEW), `${mmm(tImpact)} ms`, '–', '', rssMb()]);

    // (3) overlay + plan on the cached network (openNetwork above); the graph is never rebuilt
    const plans: [string, string][] = [['KZ-ALMATY-1', 'KZ-ASTANA'], ['UZ-TASHKENT', 'KZ-AKTAU'], ['AZ-BAKU', 'GE-POTI'], ['RU-MOSCOW', 'KZ-DOSTYK'], ['TM-TURKMENBASHI', 'TJ-DUSHANBE']];
    const opts = checkOptions({}, 'cli');
    const withOverlay = (ov: Awaited<ReturnType<typeof alertOverlay>>): CheckedOptions => ({ ...opts, overlay: withAlertOverlay(opts.overlay, ov) });
    for (const [from, to] of plans) planOnNetwork(net, { from, to }, opts, 'cli', 'en'); // warm-up (JIT), not timed
    let base = 0;
    for (const [from, to] of plans) base += planOnNetwork(net, { from, to }, opts, 'cli', 'en').routes[0]?.totals.usd ?? 0;
    rows.push(['    plan without alerts (5 pairs, fingerprint)', '5', '–', '–', `Σ ${base.toFixed(0)} USD`, rssMb()]);
    for (const [label, at, active] of [[`${N + NEW} active`, NOW, N + NEW], [`${NEW} active`, LATER, NEW]] as const) {
      const tOv: number[] = [], tPlan: number[] = [], tAll: number[] = [], tReroute: number[] = [], tOld: number[] = [];
      let fp = '', cold = 0, misses = 0, hours = 0;
      for (let rep = 0; rep < 4; rep++) {
        for (const [from, to] of plans) {
          const a = performance.now();
          const ov = await alertOverlay(db, at);
          const b = performance.now();
          const r = planOnNetwork(net, { from, to }, withOverlay(ov), 'cli', 'en');
          const c = performance.now();
          if (!ov.cached) { misses++; cold = b - a; } else {
            tOv.push(b - a); tPlan.push(c - b); tAll.push(c - a);
            // the same plan with what the overlay held before (closures and border delays only), for comparison
            const d = performance.now();
            planOnNetwork(net, { from, to }, { ...opts, overlay: { ...opts.overlay, closedLinks: ov.closedLinks, dwellFactor: ov.dwellFactor } }, 'cli', 'en');
            tOld.push(performance.now() - d);
          }
          if (rep === 0) {
            fp += `${fp ? '; ' : ''}${r.routes[0] ? r.routes[0].totals.usd.toFixed(0) : 'unreachable'}`;
            hours += r.routes[0]?.totals.hours ?? 0;
          }
          if (rep === 0 && from === plans[0][0]) {
            fp = `${ov.closedLinks.length} closed, ${Object.keys(ov.linkTimeFactor).length} slowed, ${Object.keys(ov.linkRiskAdd).length} riskier, ${Object.keys(ov.dwellFactor).length} crossings delayed; USD ${fp}`;
          }
        }
      }
      if (misses !== 1) throw new Error(`${label}: the overlay was computed ${misses} times in ${4 * plans.length} requests (want once)`);
      let changed = 0;
      for (const [from, to] of plans) {
        const a = performance.now();
        const rr = await rerouteAroundAlerts(db, { from, to }, 'cli', 'en', at);
        tReroute.push(performance.now() - a);
        changed += rr.changedBy.length;
      }
      rows.push([`(3) overlay (cached) + plan, ${label} (min / median / max)`, String(tAll.length), `${mmm(tAll)} ms`, `≤ 50 ms: ${Math.max(...tAll) <= 50 ? 'met' : pct(tAll, 50) <= 50 ? 'median met, max not' : 'NOT met'}`, `${fp}; Σ ${hours.toFixed(1)} h`, rssMb()]);
      rows.push([`    overlay from the store, first request (alertOverlay, ${active} alerts, computed)`, '1', `${cold.toFixed(1)} ms`, '', '', rssMb()]);
      rows.push(['    overlay, repeat requests (cache hit: one query for the change mark)', String(tOv.length), `${mmm(tOv)} ms`, '', '', rssMb()]);
      rows.push(['    plan with the overlay (planOnNetwork)', String(tPlan.length), `${mmm(tPlan)} ms`, '', '', rssMb()]);
      rows.push(['    plan with closures and border delays only (the overlay before: comparison)', String(tOld.length), `${mmm(tOld)} ms`, '', '', rssMb()]);
      rows.push([`    reroute: with and without alerts, each alert on the route left out (rerouteAroundAlerts)`, String(tReroute.length), `${mmm(tReroute)} ms`, '–', `${changed} alert-route pairs attributed`, rssMb()]);
    }

    // (4) not a target: a batch ingested while watches exist matches them alert by alert
    const dir4 = join(work, 'batch-watched');
    mkdirSync(dir4);
    const r4 = rng(99);
    for (let i = 0; i < BATCH_WATCHED; i++) {
      writeFileSync(join(dir4, `w${i}.xml`), capXml(`BENCH-W-${i}`, r4, { lon: 30 + r4() * 60, lat: 37 + r4() * 19, kind: i % 2 ? 'circle' : 'polygon', sizeDeg: 0.1 + r4() * 0.9, radiusKm: 5 + r4() * 95 }, '2026-06-02T10:00:00+00:00'));
    }
    t0 = performance.now();
    const ing4 = await ingestAlerts(db, [dir4], { now: NOW });
    const t4 = performance.now() - t0;
    if (!ing4.ok || ing4.written !== BATCH_WATCHED) throw new Error(`watched batch: wrote ${ing4.written}`);
    rows.push([`(4) ingest ${BATCH_WATCHED} CAP files with the 10 watches in place`, String(BATCH_WATCHED), `${(t4 / 1000).toFixed(2)} s`, '–', `${ing4.queued} deliveries queued`, rssMb()]);
  } finally {
    await db.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

rows.push(['peak RSS (process maxRSS)', '–', '–', '–', '–', (process.resourceUsage().maxRSS / 1024).toFixed(0)]);
const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
rows.splice(1, 0, w.map((n) => '-'.repeat(n)));
for (const r of rows) console.log(`| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`);
