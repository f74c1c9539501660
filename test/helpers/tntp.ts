// A TNTP benchmark network from test/fixtures/tntp: network, demand and factors, the best-known
// flows (the `_flow` file) and their total system travel time.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTntp, parseFlow } from '../../src/assign/index.ts';

export const TNTP_DIR = join(import.meta.dirname, '..', 'fixtures/tntp');

export function loadFixture(folder: string, prefix: string) {
  const read = (suffix: string) => readFileSync(join(TNTP_DIR, folder, `${prefix}_${suffix}.tntp`), 'utf8');
  const l = loadTntp(read('net'), `${prefix}_net.tntp`, read('trips'), `${prefix}_trips.tntp`);
  assert.ok(l.value, JSON.stringify(l.issues));
  const ref = parseFlow(read('flow'), `${prefix}_flow.tntp`).value!;
  let refTstt = 0;
  for (let a = 0; a < ref.volume.length; a++) refTstt += ref.volume[a] * ref.cost[a];
  return { ...l.value, ref, refTstt };
}
