// The first view's tiles, asked for by the page as soon as the map knows its view. MapLibre fetches
// tiles from its worker, which can ask only once it has fetched and compiled its own 0.5 MB of code
// (about half a second on this machine, more under load); tiles are `Cache-Control: public,
// max-age=300`, so what the page fetched meanwhile waits in the HTTP cache for the worker's request
// (docs/web.md, Performance).
import type { Map as MlMap } from 'maplibre-gl';

const lon2x = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const lat2y = (lat: number, z: number) => {
  const r = (Math.max(-85.05, Math.min(85.05, lat)) * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

/** A vector source's tile addresses that cover the canvas now (512 px tiles: z = floor(zoom)). */
export function firstTileUrls(map: MlMap, source: { tiles?: string[]; maxzoom?: number }): string[] {
  const template = source.tiles?.[0];
  if (!template) return [];
  const z = Math.max(0, Math.min(source.maxzoom ?? 14, Math.floor(map.getZoom())));
  const b = map.getBounds();
  const n = 2 ** z;
  const urls: string[] = [];
  for (let x = Math.max(0, lon2x(b.getWest(), z)); x <= Math.min(n - 1, lon2x(b.getEast(), z)); x++) {
    for (let y = Math.max(0, lat2y(b.getNorth(), z)); y <= Math.min(n - 1, lat2y(b.getSouth(), z)); y++) {
      urls.push(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    }
  }
  // a view that is not the small first view (a deep link far in): leave it to MapLibre
  return urls.length <= 12 ? urls : [];
}

export function prefetchFirstTiles(map: MlMap, source: { tiles?: string[]; maxzoom?: number }): void {
  for (const url of firstTileUrls(map, source)) void fetch(url, { credentials: 'same-origin' }).then((r) => r.arrayBuffer()).catch(() => undefined);
}
