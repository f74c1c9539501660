// The graph snapshot: a round trip answers exactly as the original; a wrong file or version is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KaravanError } from '../src/core/issues.ts';
import { buildGraph } from '../src/network/index.ts';
import { decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT } from '../src/network/snapshot.ts';
import { Router } from '../src/route/index.ts';
import { flatProfile } from './helpers/draw-network.ts';
import { randomNetwork } from './helpers/random-network.ts';

test('a decoded snapshot routes exactly like the graph it was written from', () => {
  const { graph } = buildGraph(randomNetwork(42, 60, 150));
  const bytes = encodeSnapshot(graph);
  // At an odd offset, as a file read into a larger buffer might be.
  const shifted = new Uint8Array(bytes.length + 3);
  shifted.set(bytes, 3);
  const back = decodeSnapshot(shifted.subarray(3), 'test.bin', graph.dataHash);
  assert.equal(back.arcCount, graph.arcCount);
  assert.deepEqual(Array.from(back.arcHead), Array.from(graph.arcHead));
  const p = flatProfile();
  const a = new Router(graph), b = new Router(back);
  for (let i = 0; i < 20; i++) {
    const q = { from: i, to: 59 - i, profile: p, weights: { usd: 1, hours: 2, co2Kg: 0, risk: 0 } };
    assert.deepEqual(b.route(q), a.route(q));
  }
});

test('a snapshot of other data or another format is refused, naming both versions', () => {
  const { graph } = buildGraph(randomNetwork(7, 10, 20));
  const bytes = encodeSnapshot(graph);
  assert.throws(() => decodeSnapshot(bytes, 'g.bin', 'ffffffffffffffff'), (e: unknown) => {
    assert.ok(e instanceof KaravanError);
    assert.equal(e.code, 'ROUTE_SNAPSHOT_MISMATCH');
    assert.match(e.message, new RegExp(`${graph.dataHash}.*ffffffffffffffff`));
    return true;
  });
  const other = bytes.slice();
  new DataView(other.buffer).setUint32(8, SNAPSHOT_FORMAT + 1, true);
  assert.throws(() => decodeSnapshot(other, 'g.bin'), new RegExp(`format ${SNAPSHOT_FORMAT + 1}.*format ${SNAPSHOT_FORMAT}`));
  assert.throws(() => decodeSnapshot(new TextEncoder().encode('{"type":"FeatureCollection"}'), 'x.geojson'), (e: unknown) => e instanceof KaravanError && e.code === 'ROUTE_SNAPSHOT_INVALID');
});
