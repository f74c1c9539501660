// `karavan route … --with-alerts` on the bundled network: a flood polygon over Karagandy closes the
// Trans-Kazakhstan line there, the route Almaty → Astana goes round it, and the answer names the
// alert, the closed links and the extra km.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, runCli } from './helpers/cli.ts';
import { freshPgliteDir } from './helpers/stores.ts';

interface Answer {
  routes: { totals: { km: number }; legs: { links: string[] }[] }[];
  alerts: { changedBy: { alertId: string; event: string | null; links: string[] }[]; delta: { km: number } | null; withoutAlerts: { km: number } | null };
}

test('route --with-alerts goes round an active closure and says which alert changed it, by how much', async () => {
  const work = mkdtempSync(join(tmpdir(), 'karavan-route-alerts-'));
  try {
    const env = cliEnv(await freshPgliteDir(), { KARAVAN_SEED: '1' }); // the bundled network
    const hazard = join(work, 'flood.geojson');
    writeFileSync(hazard, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [[[72.9, 49.6], [73.4, 49.6], [73.4, 50.0], [72.9, 50.0], [72.9, 49.6]]] },
      properties: { id: 'TEST-FLOOD-KRG', event: 'Flood', severity: 'Extreme', certainty: 'Observed', urgency: 'Immediate', onset: '2026-01-01T00:00:00Z', expires: '2099-01-01T00:00:00Z', headline: 'Flood at Karagandy' } }] }));
    const before = await runCli(['route', 'KZ-ALMATY-1', 'KZ-ASTANA', '--modes', 'rail', '--alternatives', '1', '--json'], env);
    assert.equal(before.code, 0, before.stderr);
    const plain = JSON.parse(before.stdout) as Answer;
    const viaKaragandy = plain.routes[0].legs.flatMap((l) => l.links).filter((id) => id.includes('KZ-KARAGANDY'));
    assert.ok(viaKaragandy.length > 0, 'the usual route runs through Karagandy');

    const ing = await runCli(['alerts', 'ingest', hazard], env);
    assert.equal(ing.code, 0, ing.stdout + ing.stderr);
    const after = await runCli(['route', 'KZ-ALMATY-1', 'KZ-ASTANA', '--modes', 'rail', '--alternatives', '1', '--with-alerts', '--json'], env);
    assert.equal(after.code, 0, after.stderr);
    const a = JSON.parse(after.stdout) as Answer;
    const links = a.routes[0].legs.flatMap((l) => l.links);
    assert.deepEqual(links.filter((id) => id.includes('KZ-KARAGANDY')), [], 'the rerouted answer still uses a closed link');
    assert.equal(a.alerts.changedBy.length, 1);
    assert.equal(a.alerts.changedBy[0].event, 'Flood');
    assert.ok(a.alerts.changedBy[0].links.some((id) => viaKaragandy.includes(id)));
    assert.equal(a.alerts.withoutAlerts!.km, plain.routes[0].totals.km);
    assert.ok(a.alerts.delta!.km > 0);
    assert.ok(Math.abs(a.routes[0].totals.km - plain.routes[0].totals.km - a.alerts.delta!.km) < 0.5);

    const text = await runCli(['route', 'KZ-ALMATY-1', 'KZ-ASTANA', '--modes', 'rail', '--with-alerts', '--lang', 'ru'], env);
    assert.match(text.stdout, /изменено оповещением .*Flood/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
