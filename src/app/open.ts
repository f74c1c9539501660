// Opening Karavan: the store, its migrations, and on first run the bundled network.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderIssue } from '../core/issues.ts';
import { countLayer, getMeta, lastImportId, openStore, setMeta, userImportCount, type Db, type OpenOptions } from '../store/index.ts';
import { importDataset } from './import-dataset.ts';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BUNDLED_DIR = join(PROJECT_ROOT, 'data/network');

export function bundledFiles(): string[] {
  if (!existsSync(BUNDLED_DIR)) return [];
  return readdirSync(BUNDLED_DIR).filter((f) => f.endsWith('.geojson')).sort().map((f) => join(BUNDLED_DIR, f));
}

/** A fingerprint of the bundled files, stored with the data so a rebuilt bundle can be noticed. */
export function bundledVersion(): string {
  const h = createHash('sha256');
  for (const f of bundledFiles()) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

export interface OpenKaravanOptions extends OpenOptions {
  /** Load the bundled network into an empty store (default true). */
  seed?: boolean;
  log?: (line: string) => void;
}

export async function openKaravan(opts: OpenKaravanOptions = {}): Promise<Db> {
  const log = opts.log ?? (() => undefined);
  const db = await openStore(opts);
  // KARAVAN_SEED=0 opens an empty store (tests, or a user who brings a whole network of their own)
  if (opts.seed === false || (opts.seed === undefined && process.env.KARAVAN_SEED === '0')) return db;
  const files = bundledFiles();
  if (files.length === 0) {
    log('no bundled network in data/network: run `npm run data:build`');
    return db;
  }
  const empty = (await countLayer(db, 'nodes')) === 0;
  const stale = !empty && (await getMeta(db, 'bundled_version')) !== bundledVersion();
  if (!empty && !stale) return db;
  if (stale && (await userImportCount(db)) > 0) {
    // the user's own imports sit on top of the old bundle: never drop them behind their back
    log('the bundled network (data/network) changed since this store was loaded; your imports are kept. `karavan import data/network` updates the bundled records.');
    return db;
  }
  const t0 = Date.now();
  const r = await importDataset(db, files, { note: 'bundled network', replaceAll: stale });
  if (!r.ok) {
    const first = r.issues.filter((i) => i.severity === 'error').slice(0, 5).map((i) => renderIssue(i)).join('\n');
    await db.close();
    throw new Error(`the bundled network does not validate (${r.issues.length} issues):\n${first}`);
  }
  await db.transaction((tx) => setMeta(tx, 'bundled_version', bundledVersion()));
  log(`${stale ? 'reloaded the changed' : 'loaded the'} bundled network: ${r.written} records in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return db;
}

/**
 * What the store's network data is at: the bundle it was seeded from and the newest import. Any
 * import changes it, so graphs and tiles cached on it are rebuilt even when no row count changes.
 */
export async function dataVersion(db: Db): Promise<string | null> {
  const bundle = await getMeta(db, 'bundled_version');
  const last = await lastImportId(db);
  return bundle === null && last === 0 ? null : `${bundle ?? 'no-bundle'}+${last}`;
}
