// `karavan route` and `karavan matrix` as a user runs them, over a real store holding a drawn network.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { upsertRecords } from '../src/store/index.ts';
import { drawNetwork } from './helpers/draw-network.ts';
import { openPgliteForTest } from './helpers/stores.ts';
import { cliEnv, runCliSync } from './helpers/cli.ts';

let store: Awaited<ReturnType<typeof openPgliteForTest>>;

before(async () => {
  store = await openPgliteForTest();
  const records = drawNetwork(`
A=====B#####C
      |
      D~~~~~E`, {
    cellKm: 20,
    nodes: { A: { name_en: 'Almaty-1', name_ru: 'Алматы-1' }, C: { name_en: 'Alashankou', country: 'CN' }, E: { name_en: 'Baku Port', country: 'AZ' } },
    crossings: { 'B-C': { dwellHoursAB: 30, dwellHoursBA: 20 } },
  });
  await store.db.transaction((tx) => upsertRecords(tx, records));
  await store.db.close();
});
after(async () => store?.cleanup());

function karavan(...args: string[]) {
  return runCliSync(args, cliEnv(store.dir)); // PGlite with the drawn network, even where CI sets DATABASE_URL
}

test('karavan route --json prints the documented shape; the table names borders and gauge changes', () => {
  const j = karavan('route', 'Алматы', 'Alashankou', '--json');
  assert.equal(j.code, 0, j.err);
  const body = JSON.parse(j.out);
  assert.deepEqual(Object.keys(body.routes[0].totals).sort(), ['co2Kg', 'hours', 'km', 'risk', 'usd']);
  assert.equal(body.routes[0].gaugeChanges.length, 1);
  const t = karavan('route', 'Almaty-1', 'Alashankou', '--alternatives', '1');
  assert.equal(t.code, 0, t.err);
  assert.match(t.out, /Route 1: .* km .* USD .* per TEU/);
  assert.match(t.out, /Gauge changes: Station B 1520→1435/);
  assert.match(t.out, /KZ→CN, wait 30\.0 h/);
  const ru = karavan('--lang', 'ru', 'route', 'Almaty-1', 'Alashankou', '--alternatives', '1');
  assert.match(ru.out, /Маршрут 1/);
});

test('karavan route: a bad option exits 2 naming it; an unreachable pair exits 1 with the reason', () => {
  const bad = karavan('route', 'A', 'C', '--max-transshipments', 'many');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-transshipments: "many" is not valid; allowed: an integer 0\.\.20 \[OPTION_INVALID\]/);
  const un = karavan('route', 'A', 'Baku Port', '--modes', 'rail,road');
  assert.equal(un.code, 1);
  assert.match(un.out, /one exists when ferry is allowed.*\[ROUTE_UNREACHABLE_MODES\]/);
});

test('karavan route --pareto and karavan matrix', () => {
  const p = karavan('route', 'A', 'E', '--pareto', '--json');
  assert.equal(p.code, 0, p.err);
  assert.ok(JSON.parse(p.out).routes.length >= 1);
  const m = karavan('matrix', '--from', 'A;B', '--to', 'C;E', '--show', 'hours', '--json');
  assert.equal(m.code, 0, m.err);
  const body = JSON.parse(m.out);
  assert.equal(body.cells.length, 2);
  assert.equal(typeof body.cells[0][1].co2Kg, 'number');
  const table = karavan('matrix', '--from', 'A;B', '--to', 'C;E');
  assert.match(table.out, /usd: from \\ to/);
});
