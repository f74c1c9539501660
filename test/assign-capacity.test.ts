// Hard capacities with shadow prices on small drawn networks whose answers are worked out by hand
// in the comments: zone 1 sends to zone 2 over parallel routes 1 → r → 2, the capacity sits on the
// first link of a route, the second link costs nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNetwork, assignWithCapacities, type AssignNetwork, type Demand } from '../src/assign/index.ts';

interface Route { fft: number; b: number; cap: number; hardCap?: number }

/** Zones 1 and 2, route k through thru node 3 + k: link 2k is 1 → 3+k (the costly one), 2k+1 is 3+k → 2 (free). */
function parallel(routes: Route[], trips: number): { net: AssignNetwork; demand: Demand; hardCap: Float64Array } {
  const m = 2 * routes.length;
  const from = new Int32Array(m), to = new Int32Array(m), capacity = new Float64Array(m).fill(1), length = new Float64Array(m);
  const freeFlowTime = new Float64Array(m), b = new Float64Array(m), power = new Float64Array(m).fill(1), toll = new Float64Array(m);
  const hardCap = new Float64Array(m).fill(Infinity);
  routes.forEach((r, k) => {
    from[2 * k] = 1; to[2 * k] = 3 + k; freeFlowTime[2 * k] = r.fft; b[2 * k] = r.b; capacity[2 * k] = r.cap;
    from[2 * k + 1] = 3 + k; to[2 * k + 1] = 2;
    if (r.hardCap !== undefined) hardCap[2 * k] = r.hardCap;
  });
  const net = buildNetwork({ nodeCount: 2 + routes.length, zoneCount: 2, firstThruNode: 3, from, to, capacity, length, freeFlowTime, b, power, toll }, { tollFactor: 0, distanceFactor: 0 });
  const demand: Demand = { origins: Int32Array.of(0), start: Int32Array.of(0, 1), dest: Int32Array.of(1), flow: Float64Array.of(trips), total: trips };
  return { net, demand, hardCap };
}

const close = (got: number, want: number, what: string, tol = 1e-6) => assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got}, expected ${want}`);

test('constant costs 10 and 15, capacity 60 on the cheap route, 100 trips: 60/40 and a shadow price of 5', () => {
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 0, cap: 1, hardCap: 60 }, { fft: 15, b: 0, cap: 1 }], 100);
  for (const objective of ['ue', 'so'] as const) {
    const r = assignWithCapacities(net, demand, hardCap, { objective });
    assert.deepEqual(r.issues, []);
    const f = r.value!;
    assert.ok(f.converged);
    close(f.volume[0], 60, `${objective} x1`); close(f.volume[2], 40, `${objective} x2`);
    close(f.mu[0], 5, `${objective} μ`);
    assert.equal(f.capacities.length, 1);
    assert.ok(f.capacities[0].binding);
    close(f.tstt, 60 * 10 + 40 * 15, 'total cost');
    close(f.tsttWithShadow, 60 * 15 + 40 * 15, 'total cost with the shadow price paid');
  }
});

test('linear costs 10 + x/10 and 20 + x/10, 200 trips, capacity 120: UE price 6, SO price 2', () => {
  // unconstrained UE: 10 + x1/10 = 20 + (200 − x1)/10 → x1 = 150; capped at 120: c1 = 22, c2 = 28, μ = 6.
  // SO equates marginal costs 10 + x1/5 and 20 + x2/5 → x1 = 125; capped: 34 against 36, μ = 2.
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 1, cap: 100, hardCap: 120 }, { fft: 20, b: 0.5, cap: 100 }], 200);
  const ue = assignWithCapacities(net, demand, hardCap, { objective: 'ue' }).value!;
  close(ue.volume[0], 120, 'UE x1'); close(ue.volume[2], 80, 'UE x2'); close(ue.mu[0], 6, 'UE μ');
  close(ue.cost[0], 22, 'UE c1'); close(ue.cost[2], 28, 'UE c2');
  const so = assignWithCapacities(net, demand, hardCap, { objective: 'so' }).value!;
  close(so.volume[0], 120, 'SO x1'); close(so.mu[0], 2, 'SO μ');
});

test('a capacity that does not bind changes nothing and has price 0', () => {
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 1, cap: 100, hardCap: 500 }, { fft: 20, b: 0.5, cap: 100 }], 200);
  const f = assignWithCapacities(net, demand, hardCap, { objective: 'ue' }).value!;
  close(f.volume[0], 150, 'x1'); close(f.volume[2], 50, 'x2');
  assert.equal(f.mu[0], 0);
  assert.equal(f.capacities[0].binding, false);
  assert.equal(f.outerIterations, 0);
});

test('three routes 10, 12, 20 with capacities 30, 30 and none, 100 trips: prices 10 and 8', () => {
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 0, cap: 1, hardCap: 30 }, { fft: 12, b: 0, cap: 1, hardCap: 30 }, { fft: 20, b: 0, cap: 1 }], 100);
  const f = assignWithCapacities(net, demand, hardCap, { objective: 'ue' }).value!;
  close(f.volume[0], 30, 'x1'); close(f.volume[2], 30, 'x2'); close(f.volume[4], 40, 'x3');
  close(f.mu[0], 10, 'μ1'); close(f.mu[2], 8, 'μ2');
  assert.deepEqual(f.capacities.map((c) => c.link), [0, 2], 'ranked by shadow price');
});

test('a zero capacity (a closed crossing) sends everything the other way, with a price of at least the detour', () => {
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 0, cap: 1, hardCap: 0 }, { fft: 15, b: 0, cap: 1 }], 100);
  const f = assignWithCapacities(net, demand, hardCap, { objective: 'ue' }).value!;
  assert.ok(f.converged);
  assert.ok(f.volume[0] <= 1e-7 * 100, `x1 ${f.volume[0]}`);
  close(f.volume[2], 100, 'x2', 1e-7);
  // with x = u = 0 any μ ≥ 5 satisfies the equilibrium conditions
  assert.ok(f.mu[0] >= 5 - 1e-6, `μ ${f.mu[0]}`);
});

test('demand that cannot fit under the capacities is a warning with the overflow, not a hang', () => {
  const { net, demand, hardCap } = parallel([{ fft: 10, b: 0, cap: 1, hardCap: 30 }, { fft: 12, b: 0, cap: 1, hardCap: 30 }], 100);
  const r = assignWithCapacities(net, demand, hardCap, { objective: 'ue', maxOuter: 30 });
  assert.equal(r.issues.length, 1);
  assert.equal(r.issues[0].code, 'ASSIGN_CAPACITY_OVERFLOW');
  assert.ok(r.value && !r.value.converged && r.value.overflow > 0.5);
});
