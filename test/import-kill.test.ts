// Imports are atomic: an import killed with SIGKILL at any point (while reading, at the start of
// the write, halfway through it) leaves the store exactly as it was, and usable: the same import
// run again afterwards succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliEnv, runCli } from './helpers/cli.ts';
import { freshPgliteDir } from './helpers/stores.ts';
import { syntheticNetwork } from './helpers/synthetic.ts';

interface Stats { totals: { nodes: number; links: number } }

async function totals(env: NodeJS.ProcessEnv): Promise<Stats['totals']> {
  const r = await runCli(['stats', '--json'], env);
  assert.equal(r.code, 0, `the store is not usable after the kill: ${r.stderr}`);
  return (JSON.parse(r.stdout) as Stats).totals;
}

/** The nodes as exported: catches a half-applied update of existing rows, not only new rows. */
async function nodesText(env: NodeJS.ProcessEnv): Promise<string> {
  const r = await runCli(['export', '--layer', 'nodes', '--format', 'csv'], env);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

test('SIGKILL during an import leaves the store unchanged and usable (reading, write start, mid-write)', async () => {
  const work = mkdtempSync(join(tmpdir(), 'karavan-kill-'));
  try {
    const net = syntheticNetwork(12000, 7);
    writeFileSync(join(work, 'nodes.geojson'), net.nodes);
    writeFileSync(join(work, 'links.geojson'), net.links);
    // the killed import also changes a record that is already there
    writeFileSync(join(work, 'a-update.csv'), 'id,kind,name_en,name_ru,country,sourceId,confidence,lon,lat\nT-ALMATY,station,Almaty (renamed),Алматы (новое имя),KZ,test@2#almaty,published,76.95,43.35\n');
    const env = cliEnv(await freshPgliteDir());
    const base = await runCli(['import', 'test/fixtures/network'], env);
    assert.equal(base.code, 0, base.stderr);
    const before = await totals(env);
    const beforeText = await nodesText(env);
    assert.ok(before.nodes > 0 && before.links > 0);
    assert.ok(!beforeText.includes('renamed'));

    // where to kill: the first line of each phase printed by --verbose
    const points: { name: string; at: (line: string, total: number) => boolean }[] = [
      { name: 'while reading', at: (l) => l.startsWith('reading 3/') },
      { name: 'as the write starts', at: (l) => l.startsWith('writing 0/') },
      { name: 'halfway through the write', at: (l) => { const m = /^writing (\d+)\/(\d+)/.exec(l); return !!m && +m[1] > 0 && +m[1] >= +m[2] / 2; } },
    ];
    for (const p of points) {
      let killed = false;
      let buf = '';
      const r = await runCli(['import', '--verbose', work], env, (chunk, child) => {
        buf += chunk;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        if (!killed && lines.some((l) => p.at(l, net.features))) { killed = true; child.kill('SIGKILL'); }
      });
      assert.ok(killed, `${p.name}: the import never reached that point:\n${r.stderr}`);
      assert.equal(r.signal, 'SIGKILL', `${p.name}: the import finished before the kill`);
      assert.deepEqual(await totals(env), before, `${p.name}: the store changed`);
      assert.ok((await nodesText(env)) === beforeText, `${p.name}: existing records changed`);
    }
    const full = await runCli(['import', work], env);
    assert.equal(full.code, 0, full.stderr);
    const after = await totals(env);
    assert.equal(after.nodes, before.nodes + 12000);
    assert.ok(after.links > before.links + 20000);
    assert.match(await nodesText(env), /Almaty \(renamed\)/);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
