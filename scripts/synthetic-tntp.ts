// node --import tsx scripts/synthetic-tntp.ts NODES ZONES [SEED] [DIR] — writes the bench's seeded
// synthetic grid (src/assign/synthetic.ts) as TNTP files, SYN_net.tntp and SYN_trips.tntp in DIR
// (default synthetic-NODES-ZONES), so that other solvers (tap-b, for docs/benchmarks.md) assign
// exactly the network and demand `npm run bench -- assign` does. Costs are written so that
// t = free_flow_time · (1 + b · (v / capacity)^power) is Karavan's cost of the link; toll and
// length are 0 (the grid's generalised cost is time alone).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticAssignment } from '../src/assign/synthetic.ts';

const [nodes, zones, seed = 1] = process.argv.slice(2, 5).map(Number);
if (!(nodes > 0) || !(zones > 0)) {
  console.error('usage: node --import tsx scripts/synthetic-tntp.ts NODES ZONES [SEED] [DIR]');
  process.exit(2);
}
const dir = process.argv[5] ?? `synthetic-${nodes}-${zones}`;
const { net, demand } = syntheticAssignment({ nodeCount: nodes, zoneCount: zones, seed });

const links = [
  `<NUMBER OF ZONES> ${net.zoneCount}`,
  `<NUMBER OF NODES> ${net.nodeCount}`,
  `<FIRST THRU NODE> ${net.firstThru + 1}`,
  `<NUMBER OF LINKS> ${net.linkCount}`,
  '<END OF METADATA>',
  '',
  '~\tinit_node\tterm_node\tcapacity\tlength\tfree_flow_time\tb\tpower\tspeed\ttoll\tlink_type\t;',
];
for (let a = 0; a < net.linkCount; a++) {
  // Karavan keeps fixedCost + fftB · (v · invCap)^power; constant-cost links (fftB = 0) get b = 0
  const fft = net.fixedCost[a], b = net.fftB[a] === 0 ? 0 : net.fftB[a] / fft, power = net.fftB[a] === 0 ? 4 : net.power[a];
  links.push(`\t${net.tail[a] + 1}\t${net.head[a] + 1}\t${1 / net.invCap[a]}\t0\t${fft}\t${b}\t${power}\t0\t0\t1\t;`);
}

const trips = [`<NUMBER OF ZONES> ${net.zoneCount}`, `<TOTAL OD FLOW> ${demand.total}`, '<END OF METADATA>', ''];
for (let k = 0; k < demand.origins.length; k++) {
  trips.push('', `Origin ${demand.origins[k] + 1}`);
  for (let i = demand.start[k]; i < demand.start[k + 1]; i += 10) {
    const row: string[] = [];
    for (let j = i; j < Math.min(i + 10, demand.start[k + 1]); j++) row.push(`${demand.dest[j] + 1} : ${demand.flow[j]};`);
    trips.push('    ' + row.join(' '));
  }
}

mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'SYN_net.tntp'), links.join('\n') + '\n');
writeFileSync(join(dir, 'SYN_trips.tntp'), trips.join('\n') + '\n');
console.log(`${dir}: ${net.nodeCount} nodes (${net.zoneCount} zones), ${net.linkCount} links, ${demand.dest.length} OD pairs, ${demand.total} trips`);
