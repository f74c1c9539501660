// Drawn-network scenarios: each is a small map and the exact route and cost it must give.
// The flat profile: rail 1 USD/km at 50 km/h, road 2 USD/km at 100 km/h, ferry 1 USD/km at 25 km/h;
// transshipment 100 USD + 10 h, gauge change 50 USD + 5 h, border 10 USD + dwell (default 6 h).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraph } from '../src/network/index.ts';
import { memoOverlay, parseProfile, Router, type Overlay, type RouteRequest, type RouteAnswer } from '../src/route/index.ts';
import { KaravanError } from '../src/core/issues.ts';
import { readFileSync } from 'node:fs';
import { drawNetwork, flatProfile, type DrawOptions } from './helpers/draw-network.ts';

function plan(picture: string, from: string, to: string, opts: DrawOptions = {}, req: Partial<RouteRequest> = {}) {
  const { graph } = buildGraph(drawNetwork(picture, opts));
  const router = new Router(graph);
  const profile = req.profile ?? flatProfile();
  return router.route({ from: graph.nodeIndex.get(from)!, to: graph.nodeIndex.get(to)!, profile, weights: profile.weights, ...req });
}

function only(out: ReturnType<typeof plan>): RouteAnswer {
  assert.equal(out.kind, 'routes', JSON.stringify(out));
  if (out.kind !== 'routes') throw new Error('unreachable');
  return out.routes[0];
}

test('a 1520 ↔ 1435 break is one gauge change, charged where the gauges meet', () => {
  const r = only(plan('A=====B#####C', 'A', 'C'));
  assert.deepEqual(r.nodes, ['A', 'B', 'C']);
  assert.equal(r.gaugeChanges.length, 1);
  assert.deepEqual([r.gaugeChanges[0].node, r.gaugeChanges[0].fromGaugeMm, r.gaugeChanges[0].toGaugeMm], ['B', 1520, 1435]);
  assert.equal(r.transshipments.length, 0);
  // Each drawn stretch is 6 columns × 10 km = 60 km.
  assert.deepEqual(r.totals, { km: 120, hours: 1.2 + 1.2 + 5, usd: 60 + 60 + 50, co2Kg: 120 * 10 * 0.02, risk: 0.12 + 0.5 });
  assert.deepEqual(r.legs.map((l) => [l.mode, l.gaugeMm, l.from, l.to, l.km]), [['rail', 1520, 'A', 'B', 60], ['rail', 1435, 'B', 'C', 60]]);
});

test('a dual-gauge border section with a gauge-changing crossing: one change, even ending at the border station', () => {
  const opts: DrawOptions = { nodes: { C: { country: 'CN' }, D: { country: 'CN' } }, crossings: { 'B-C': { dwellHoursAB: 4, dwellHoursBA: 8, gaugeChange: true, gauges: [1520, 1435] } } };
  for (const to of ['C', 'D']) {
    const r = only(plan('A=====B=====C#####D', 'A', to, opts));
    assert.equal(r.gaugeChanges.length, 1, to);
    assert.deepEqual([r.gaugeChanges[0].fromGaugeMm, r.gaugeChanges[0].toGaugeMm], [1520, 1435]);
    assert.equal(r.borderCrossings[0].dwellHours, 4);
  }
  const r = only(plan('A=====B=====C#####D', 'A', 'D', opts));
  assert.equal(r.totals.hours, 12.6); // 1.2 + (1.2 + 4 dwell + 5 gauge change) + 1.2
  assert.equal(r.totals.usd, 60 + (60 + 10 + 50) + 60);
  const back = only(plan('A=====B=====C#####D', 'D', 'A', opts));
  assert.deepEqual([back.gaugeChanges.length, back.gaugeChanges[0].fromGaugeMm, back.gaugeChanges[0].toGaugeMm, back.borderCrossings[0].dwellHours], [1, 1435, 1520, 8]);
  // A transshipment limit of 0 forbids the change.
  const none = plan('A=====B=====C#####D', 'A', 'D', opts, { maxTransfers: 0 });
  assert.equal(none.kind, 'unreachable');
});

test('passing straight through a station costs nothing extra', () => {
  const r = only(plan('A=====B=====C', 'A', 'C'));
  assert.equal(r.legs.length, 1);
  assert.deepEqual(r.totals, { km: 120, hours: 2.4, usd: 120, co2Kg: 24, risk: 0.12 });
});

test('a border crossing waits its dwell time in the direction travelled', () => {
  const opts: DrawOptions = { nodes: { C: { country: 'CN' } }, crossings: { 'B-C': { dwellHoursAB: 12, dwellHoursBA: 30 } } };
  const there = only(plan('A=====B=====C', 'A', 'C', opts));
  assert.equal(there.totals.hours, 2.4 + 12);
  assert.equal(there.totals.usd, 120 + 10);
  assert.deepEqual(there.borderCrossings.map((b) => [b.crossing, b.fromCountry, b.toCountry, b.dwellHours]), [['X-B-C', 'KZ', 'CN', 12]]);
  const back = only(plan('A=====B=====C', 'C', 'A', opts));
  assert.equal(back.totals.hours, 2.4 + 30);
  assert.deepEqual(back.borderCrossings.map((b) => [b.fromCountry, b.toCountry, b.dwellHours]), [['CN', 'KZ', 30]]);
});

test('a border without a crossing record uses the profile default and says so', () => {
  const out = plan('A=====B=====C', 'A', 'C', { nodes: { C: { country: 'CN' } } });
  assert.equal(only(out).totals.hours, 2.4 + 6);
  assert.ok(out.warnings.some((w) => w.code === 'ROUTE_BORDER_DEFAULT_DWELL'));
});

test('a ferry waits half its headway, and transshipments are charged at both ports', () => {
  // 7 sailings a week: 24 h headway, 12 h average wait; 60 km at 25 km/h = 2.4 h.
  const r = only(plan('A=====B~~~~~C=====D', 'A', 'D', { links: { 'B-C': { frequencyPerWeek: 7 } } }));
  assert.deepEqual(r.legs.map((l) => l.mode), ['rail', 'ferry', 'rail']);
  assert.equal(r.transshipments.length, 2);
  assert.equal(r.totals.hours, 1.2 + (10 + 2.4 + 12) + (10 + 1.2));
  assert.equal(r.totals.usd, 60 + (100 + 60) + (100 + 60));
});

const TWO_WAYS = `
A=====B=====C
!           !
D===========E`;

test('a closed line is not used; the year overlay opens a planned one without a rebuild', () => {
  const { graph } = buildGraph(drawNetwork(TWO_WAYS, { cellKm: 10, links: { 'B-C': { status: 'planned', openingYear: 2030 } } }));
  const router = new Router(graph);
  const p = flatProfile();
  const q = { from: graph.nodeIndex.get('B')!, to: graph.nodeIndex.get('C')!, profile: p, weights: p.weights };
  const today = router.route(q);
  assert.equal(today.kind, 'routes');
  if (today.kind === 'routes') assert.deepEqual(today.routes[0].nodes, ['B', 'A', 'D', 'E', 'C']);
  const later = router.route({ ...q, overlay: { year: 2030 } });
  assert.equal(later.kind, 'routes');
  if (later.kind === 'routes') assert.deepEqual(later.routes[0].nodes, ['B', 'C']);
  const closed = router.route({ ...q, overlay: { year: 2030, closedLinks: ['B-C'] } });
  if (closed.kind === 'routes') assert.deepEqual(closed.routes[0].nodes, ['B', 'A', 'D', 'E', 'C']);
  const before = router.route({ ...q, overlay: { year: 2029 } });
  if (before.kind === 'routes') assert.deepEqual(before.routes[0].nodes, ['B', 'A', 'D', 'E', 'C']);
});

test('a project opens its line and changes a crossing\'s dwell from its completion year on', () => {
  const project = {
    id: 'P-1', name_en: 'B–C line', name_ru: 'линия B–C', countries: ['KZ', 'CN'], kind: 'new_line' as const, status: 'construction' as const,
    yearStart: 2026, yearEnd: 2030, costAmount: null, costCurrency: null, financiers: [], citation: 'drawn', sourceId: 'drawn#P-1', confidence: 'surveyed' as const,
    changes: [{ op: 'add_link' as const, link: 'B-C' }, { op: 'set_crossing' as const, crossing: 'X-C-E', attr: 'dwellHoursBA' as const, value: 2 }],
  };
  const pic = `
A=====B=====C
!           !
D===========E`;
  const { graph } = buildGraph(drawNetwork(pic, {
    nodes: { C: { country: 'CN' } }, links: { 'B-C': { status: 'planned' } }, crossings: { 'C-E': { dwellHoursAB: 40, dwellHoursBA: null } }, projects: [project],
  }));
  const router = new Router(graph);
  const p = flatProfile({ weights: { usd: 0, hours: 1, co2Kg: 0, risk: 0 } });
  const q = { from: graph.nodeIndex.get('D')!, to: graph.nodeIndex.get('C')!, profile: p, weights: p.weights };
  const before = router.route({ ...q, overlay: { year: 2029 } });
  assert.equal(before.kind, 'routes');
  if (before.kind !== 'routes') return;
  // In 2029 the crossing E→C has no dwell that way: the profile default (6 h), and a warning.
  assert.deepEqual(before.routes[0].nodes, ['D', 'E', 'C']);
  assert.equal(before.routes[0].borderCrossings[0].dwellHours, 6);
  assert.ok(before.warnings.some((w) => w.code === 'ROUTE_BORDER_NO_DWELL'));
  const after = router.route({ ...q, overlay: { year: 2030 } });
  assert.equal(after.kind, 'routes');
  if (after.kind !== 'routes') return;
  assert.ok(after.warnings.some((w) => w.code === 'ROUTE_PROJECTS_APPLIED' && w.params.projects === 'P-1'));
  const viaE = router.route({ ...q, via: [graph.nodeIndex.get('E')!], overlay: { year: 2030 } });
  if (viaE.kind === 'routes') assert.equal(viaE.routes[0].borderCrossings[0].dwellHours, 2);
  // With C–E closed, B reaches C only over the project's line.
  const direct = router.route({ ...q, from: graph.nodeIndex.get('B')!, overlay: { year: 2030, closedLinks: ['C-E'] } });
  assert.equal(direct.kind, 'routes');
  if (direct.kind === 'routes') assert.deepEqual(direct.routes[0].nodes, ['B', 'C']);
  assert.equal(router.route({ ...q, from: graph.nodeIndex.get('B')!, overlay: { year: 2029, closedLinks: ['C-E'] } }).kind, 'unreachable');
});

test('an avoided country is not crossed, and a route that must cross it is unreachable with that reason', () => {
  const opts: DrawOptions = { nodes: { B: { country: 'RU' } } };
  const r = only(plan(TWO_WAYS, 'A', 'C', opts, { overlay: { avoidCountries: ['RU'] } }));
  assert.deepEqual(r.nodes, ['A', 'D', 'E', 'C']);
  const out = plan('A=====B=====C', 'A', 'C', opts, { overlay: { avoidCountries: ['RU'] } });
  assert.equal(out.kind, 'unreachable');
  if (out.kind === 'unreachable') assert.equal(out.unreachable.reason, 'ROUTE_UNREACHABLE_AVOID');
});

test('a via point is visited even when it is a detour', () => {
  const r = only(plan(TWO_WAYS, 'A', 'C', {}, { via: [4 /* E */] }));
  assert.deepEqual(r.nodes, ['A', 'D', 'E', 'C']);
});

test('a transshipment limit picks the route with fewer mode changes', () => {
  // Road A-B-C-D: 3 × 100 km × 2 USD = 600 USD. Rail E-F: 180 km × 1 USD. Spurs of 1 km.
  const SPURS = { 'A-E': { lengthKm: 1 }, 'D-F': { lengthKm: 1 }, 'A-B': { lengthKm: 100 }, 'B-C': { lengthKm: 100 }, 'C-D': { lengthKm: 100 } };
  const pic = `
A-----B-----C-----D
!                 !
E=================F`;
  const free = only(plan(pic, 'A', 'D', { links: SPURS, nodes: {} }, {}));
  const limited = only(plan(pic, 'A', 'D', { links: SPURS }, { maxTransfers: 0 }));
  assert.deepEqual(free.nodes, ['A', 'E', 'F', 'D']);
  assert.equal(free.transshipments.length, 0, 'the rail spurs are rail too: no mode change');
  assert.deepEqual(limited.nodes, free.nodes);
  const mixed = `
A-----B-----C-----D
|                 |
E=================F`;
  const best = only(plan(mixed, 'A', 'D', { links: SPURS }));
  assert.deepEqual(best.nodes, ['A', 'E', 'F', 'D']);
  assert.equal(best.transshipments.length, 2);
  const none = only(plan(mixed, 'A', 'D', { links: SPURS }, { maxTransfers: 1 }));
  assert.deepEqual(none.nodes, ['A', 'B', 'C', 'D']);
  assert.equal(none.transshipments.length, 0);
});

test('an excluded mode gives a typed reason naming the mode and the first link that needs it', () => {
  const out = plan('A=====B~~~~~C=====D', 'A', 'D', { nodes: { B: { name_en: 'Turkmenbashi' } } }, { overlay: { modes: ['rail', 'road'] } });
  assert.equal(out.kind, 'unreachable');
  if (out.kind !== 'unreachable') return;
  assert.equal(out.unreachable.reason, 'ROUTE_UNREACHABLE_MODES');
  assert.deepEqual([out.unreachable.params.mode, out.unreachable.params.link, out.unreachable.params.near], ['ferry', 'B-C', 'Turkmenbashi']);
});

test('two separate networks are unreachable whatever the options', () => {
  const out = plan('A=====B  C=====D', 'A', 'D');
  assert.equal(out.kind, 'unreachable');
  if (out.kind === 'unreachable') assert.equal(out.unreachable.reason, 'ROUTE_UNREACHABLE_DISCONNECTED');
});

test('alternatives are different ways, not the best one with a detour', () => {
  const pic = `
A=====B=====C=====D
!     !     !     !
E=====F=====G=====H
!                 !
I=================J`;
  const out = plan(pic, 'A', 'D', {}, { alternatives: 3 });
  assert.equal(out.kind, 'routes');
  if (out.kind !== 'routes') return;
  assert.ok(out.routes.length >= 2);
  assert.deepEqual(out.routes[0].nodes, ['A', 'B', 'C', 'D']);
  const links = out.routes.map((r) => new Set(r.legs.flatMap((l) => l.links)));
  for (let i = 1; i < links.length; i++) {
    for (let j = 0; j < i; j++) {
      const shared = [...links[i]].filter((l) => links[j].has(l)).length;
      assert.ok(shared / links[i].size <= 0.6, `route ${i} shares ${shared} of ${links[i].size} links with route ${j}`);
    }
    assert.ok(out.routes[i].objective >= out.routes[0].objective);
  }
});

test('every answer\'s totals equal the sum of its legs', () => {
  const out = plan(TWO_WAYS, 'A', 'C', { nodes: { C: { country: 'CN' } }, crossings: { 'B-C': { dwellHoursAB: 7, dwellHoursBA: 9 } } }, { alternatives: 2 });
  assert.equal(out.kind, 'routes');
  if (out.kind !== 'routes') return;
  for (const r of out.routes) {
    for (const k of ['km', 'hours', 'usd', 'co2Kg'] as const) {
      const sum = r.legs.reduce((s, l) => s + l[k], 0);
      assert.ok(Math.abs(sum - r.totals[k]) < 0.011, `${k}: legs ${sum} vs totals ${r.totals[k]}`);
    }
  }
});

// Two corridors share their first stretch (A–B, as Almaty – Shu – Arys is shared by the routes through
// Iran and across the Caspian), and a bypass G avoids it. The penalty method makes A–B dearer and
// offers the bypass; the second corridor's own best route (A–B–E–F–H–D) is what a user asks for.
const CORRIDORS = `
A=====B=====C=====D
!     !           !
G=====E=====F=====H`;
const CORRIDOR_KM = { 'A-B': { lengthKm: 400 }, 'B-C': { lengthKm: 300 }, 'C-D': { lengthKm: 300 }, 'B-E': { lengthKm: 10 }, 'E-F': { lengthKm: 300 }, 'F-H': { lengthKm: 300 }, 'D-H': { lengthKm: 10 }, 'A-G': { lengthKm: 10 }, 'G-E': { lengthKm: 420 } };

test('an alternative is the other corridor\'s best route, not a variant of it that avoids what the first route used', () => {
  const out = plan(CORRIDORS, 'A', 'D', { links: CORRIDOR_KM }, { alternatives: 2 });
  assert.equal(out.kind, 'routes');
  if (out.kind !== 'routes') return;
  assert.deepEqual(out.routes.map((r) => r.nodes), [['A', 'B', 'C', 'D'], ['A', 'B', 'E', 'F', 'H', 'D']]);
  // The same route as the best one when the first corridor's last link is closed.
  const closed = only(plan(CORRIDORS, 'A', 'D', { links: CORRIDOR_KM }, { overlay: { closedLinks: ['C-D'] } }));
  assert.deepEqual(out.routes[1].nodes, closed.nodes);
  assert.equal(out.routes[1].objective, closed.objective);
});

test('a spur out and back, or a short loop, is never an alternative', () => {
  // E hangs off B: via-node candidates through E go B → E → B and are skipped.
  const pic = `
A=====B=====C
      !     !
      E     D`;
  const out = plan(pic, 'A', 'C', {}, { alternatives: 3 });
  assert.equal(out.kind, 'routes');
  if (out.kind !== 'routes') return;
  assert.equal(out.routes.length, 1);
  for (const r of out.routes) assert.equal(new Set(r.nodes).size, r.nodes.length, r.nodes.join('-'));
});

test('a border inside a customs union with no dwell of its own is a technical stop, without a warning; outside it the default applies and is warned of', () => {
  const pic = 'A=====B=====C=====D';
  const opts: DrawOptions = {
    nodes: { A: { country: 'RU' }, B: { country: 'RU' }, C: { country: 'BY' }, D: { country: 'PL' } },
    crossings: { 'B-C': { dwellHoursAB: null, dwellHoursBA: null }, 'C-D': { dwellHoursAB: null, dwellHoursBA: null } },
  };
  const base = flatProfile();
  const profile = flatProfile({ border: { ...base.border, customsUnionDwellHours: 2 }, customsUnions: [{ id: 'EAEU', members: ['RU', 'BY', 'KZ', 'KG', 'AM'] }] });
  const out = plan(pic, 'A', 'D', opts, { profile, weights: profile.weights });
  assert.equal(out.kind, 'routes');
  if (out.kind !== 'routes') return;
  const r = out.routes[0];
  assert.deepEqual(r.borderCrossings.map((b) => [b.fromCountry, b.toCountry, b.dwellHours]), [['RU', 'BY', 2], ['BY', 'PL', base.border.defaultDwellHours]]);
  assert.deepEqual(out.warnings.filter((w) => w.code === 'ROUTE_BORDER_NO_DWELL').map((w) => w.params.crossing), ['X-C-D']);
  // Without the rule (no union listed) both borders get the default and both are warned of.
  const plainOut = plan(pic, 'A', 'D', opts);
  assert.equal(plainOut.kind, 'routes');
  if (plainOut.kind !== 'routes') return;
  assert.deepEqual(plainOut.routes[0].borderCrossings.map((b) => b.dwellHours), [base.border.defaultDwellHours, base.border.defaultDwellHours]);
  assert.equal(plainOut.warnings.filter((w) => w.code === 'ROUTE_BORDER_NO_DWELL').length, 2);
  // A recorded dwell still wins over the rule.
  const recorded = plan(pic, 'A', 'D', { ...opts, crossings: { ...opts.crossings, 'B-C': { dwellHoursAB: 9, dwellHoursBA: 9 } } }, { profile, weights: profile.weights });
  if (recorded.kind === 'routes') assert.equal(recorded.routes[0].borderCrossings[0].dwellHours, 9);
});

test('the cost cache: an overlay object is keyed once, a copy still hits, and a burst of one-off overlays does not push out one in use', () => {
  const { graph } = buildGraph(drawNetwork(TWO_WAYS));
  const router = new Router(graph);
  const p = flatProfile();
  // Large: more per-link entries than the content-keyed small overlays have.
  const big = (): Overlay => ({ linkTimeFactor: Object.fromEntries(Array.from({ length: 800 }, (_, i) => [`L${i}`, 1 + i / 1000])), closedLinks: ['B-C'] });
  const main = big();
  const c = router.costs(p, main);
  assert.equal(router.costs(p, main), c, 'same object');
  assert.equal(router.costs(p, big()), c, 'a copy with the same content');
  assert.equal(router.costs(p, { ...main, closedLinks: [] }) === c, false, 'other content');
  assert.equal(router.costs(p, {}), router.costs(p, {}), 'small overlays by content');
  for (let i = 0; i < 12; i++) router.costs(p, { closedLinks: [`X${i}`] });
  assert.equal(router.costs(p, main), c, 'still cached after 12 one-off overlays');
  // Built from the same inputs, memoOverlay hands out the same object, so the Router keys it once.
  const part = { factor: 2 };
  const build = () => ({ linkTimeFactor: { 'A-B': part.factor } });
  assert.equal(memoOverlay(part, { year: 2030 }, build), memoOverlay(part, { year: 2030 }, build));
  assert.notEqual(memoOverlay(part, { year: 2030 }, build), memoOverlay(part, { year: 2031 }, build));
});

test('a profile\'s customs unions are validated like every other field, and the rule needs its citation', () => {
  const text = readFileSync(new URL('../data/profiles/container.json', import.meta.url), 'utf8');
  const p = parseProfile(text, 'container.json');
  assert.ok(p.customsUnions?.some((u) => u.id === 'EAEU' && ['RU', 'BY', 'KZ', 'KG', 'AM'].every((c) => u.members.includes(c))));
  assert.ok(p.border.customsUnionDwellHours !== undefined && p.sources['border.customsUnionDwellHours']);
  const bad = (edit: (o: Record<string, any>) => void) => { const o = JSON.parse(text); edit(o); return JSON.stringify(o); };
  const refused = (t: string, field: string) => assert.throws(() => parseProfile(t, 'x.json'), (e: unknown) => e instanceof KaravanError && e.code === 'ROUTE_PROFILE_INVALID' && (e.params as { field: string }).field === field);
  refused(bad((o) => { o.customsUnions[0].members = ['RU']; }), 'customsUnions[0].members');
  refused(bad((o) => { o.customsUnions[0].members = ['RU', 'Belarus']; }), 'customsUnions[0].members');
  refused(bad((o) => { o.border.customsUnionDwellHours = -1; }), 'border.customsUnionDwellHours');
  refused(bad((o) => { delete o.sources['border.customsUnionDwellHours']; }), 'sources.border.customsUnionDwellHours');
});
