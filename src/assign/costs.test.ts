// setCostAndDerivative gives exactly linkCost and linkDerivative (the engines mix them: the shift
// loops use the first, the merges of threads, the gap and the outputs the others), for every
// power, with and without the hard-capacity side term, at zero, small and congested flows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { costModel, linkCost, linkDerivative, setCostAndDerivative } from './costs.ts';
import { buildNetwork } from './network.ts';
import { seededRandom } from '../core/random.ts';

test('setCostAndDerivative equals linkCost and linkDerivative bit for bit', () => {
  const rnd = seededRandom(11);
  const m = 600, powers = [0, 1, 2, 3, 4, 4.5];
  const from = new Int32Array(m).fill(1), to = new Int32Array(m).fill(2);
  const col = (f: (a: number) => number) => Float64Array.from({ length: m }, (_, a) => f(a));
  const net = buildNetwork({
    nodeCount: 2, zoneCount: 0, firstThruNode: 1, from, to,
    capacity: col(() => 10 + 1000 * rnd()), length: col(() => 5 * rnd()), freeFlowTime: col((a) => (a % 17 === 0 ? 0 : 0.1 + 10 * rnd())),
    b: col((a) => (a % 13 === 0 ? 0 : 0.15 + rnd())), power: col((a) => powers[a % powers.length]), toll: col(() => 3 * rnd()),
  }, { tollFactor: 0.02, distanceFactor: 0.04 });
  for (const objective of ['ue', 'so'] as const) {
    for (const side of [false, true]) {
      const cm = costModel(net, objective);
      if (side) cm.side = { hardCap: col((a) => (a % 3 === 0 ? Infinity : 500 * rnd())), mu: col(() => (rnd() < 0.5 ? 0 : 5 * rnd())), rho: col(() => rnd()) };
      const cost = new Float64Array(m), deriv = new Float64Array(m);
      for (let a = 0; a < m; a++) {
        for (const x of [0, 1e-9, 3 * rnd(), 300 * rnd(), 3000 * rnd()]) {
          setCostAndDerivative(cm, a, x, cost, deriv);
          assert.equal(cost[a], linkCost(cm, a, x), `link ${a}, power ${cm.power[a]}, x ${x}`);
          assert.equal(deriv[a], linkDerivative(cm, a, x), `link ${a}, power ${cm.power[a]}, x ${x}`);
        }
      }
    }
  }
});
