// A seeded synthetic network as GeoJSON text (nodes on a grid in Kazakhstan's box, rail links
// between grid neighbours): the same seed gives the same bytes. For the SIGKILL test and the
// import benchmark.
export function syntheticNetwork(nodeCount: number, seed = 1): { nodes: string; links: string; features: number } {
  let s = seed >>> 0;
  const rand = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const side = Math.ceil(Math.sqrt(nodeCount));
  const step = 8 / side; // degrees: the grid fits lon 60..68, lat 44..52
  const nodes: string[] = [];
  const links: string[] = [];
  const id = (i: number) => `SYN-${i}`;
  const pos = (i: number): [number, number] => [
    +(60 + (i % side) * step + rand() * step * 0.3).toFixed(5),
    +(44 + Math.floor(i / side) * step + rand() * step * 0.3).toFixed(5),
  ];
  const coords: [number, number][] = [];
  for (let i = 0; i < nodeCount; i++) {
    coords.push(pos(i));
    nodes.push(JSON.stringify({ type: 'Feature', id: id(i), geometry: { type: 'Point', coordinates: coords[i] }, properties: { kind: 'station', name_en: `Synthetic ${i}`, name_ru: `Синтетическая ${i}`, country: 'KZ', sourceId: `synthetic@${seed}#${i}`, confidence: 'inferred' } }));
  }
  for (let i = 0; i < nodeCount; i++) {
    for (const j of [i + 1, i + side]) {
      if (j >= nodeCount || (j === i + 1 && j % side === 0)) continue;
      links.push(JSON.stringify({ type: 'Feature', id: `rail:${id(i)}:${id(j)}`, geometry: { type: 'LineString', coordinates: [coords[i], coords[j]] }, properties: { mode: 'rail', from: id(i), to: id(j), country: 'KZ', gaugeMm: 1520, tracks: 1, electrified: false, status: 'operating', speedKmh: 60, sourceId: `synthetic@${seed}#l${i}-${j}`, confidence: 'inferred' } }));
    }
  }
  const fc = (layer: string, fs: string[]) => `{"type":"FeatureCollection","layer":"${layer}","features":[\n${fs.join(',\n')}\n]}\n`;
  return { nodes: fc('nodes', nodes), links: fc('links', links), features: nodes.length + links.length };
}
