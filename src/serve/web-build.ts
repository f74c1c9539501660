// Bundles the browser app (src/web) with esbuild into .karavan/web (git-ignored). `npm start`
// rebuilds when the output is missing or older than any file under src/web or the bundled
// libraries' package.json files, so a fresh clone needs no separate build step.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../app/open.ts';

export const WEB_SRC = join(PROJECT_ROOT, 'src/web');
export const WEB_OUT = join(PROJECT_ROOT, '.karavan/web');
const STAMP = join(WEB_OUT, 'build.json');
const LIBS = ['maplibre-gl', 'minisearch', 'echarts'];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    newest = Math.max(newest, st.isDirectory() ? newestMtime(p) : st.mtimeMs);
  }
  return newest;
}

function inputsMtime(): number {
  let t = newestMtime(WEB_SRC);
  for (const lib of LIBS) t = Math.max(t, statSync(join(PROJECT_ROOT, 'node_modules', lib, 'package.json')).mtimeMs);
  return t;
}

export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP) || !existsSync(join(WEB_OUT, 'index.html'))) return true;
  return statSync(STAMP).mtimeMs < inputsMtime();
}

export interface WebBuildReport { outDir: string; files: { file: string; bytes: number }[]; ms: number }

/** Bundles the app; `main.js` carries what the first view needs, lazily imported chunks the rest. */
export async function buildWeb(opts: { minify?: boolean } = {}): Promise<WebBuildReport> {
  const t0 = Date.now();
  const esbuild = await import('esbuild');
  rmSync(WEB_OUT, { recursive: true, force: true });
  mkdirSync(WEB_OUT, { recursive: true });
  const result = await esbuild.build({
    entryPoints: { main: join(WEB_SRC, 'main.ts'), style: join(WEB_SRC, 'style.css') },
    bundle: true,
    splitting: true,
    format: 'esm',
    target: 'es2022',
    outdir: WEB_OUT,
    minify: opts.minify ?? true,
    sourcemap: false,
    metafile: true,
    legalComments: 'linked',
    chunkNames: 'chunk-[hash]',
    logLevel: 'silent',
  });
  // the chunks main.js imports statically (code it shares with lazy chunks) are announced in the
  // page's head, so they download beside main.js instead of after it has been parsed
  const mainOut = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('src/web/main.ts'));
  const preload = (mainOut?.[1].imports ?? []).filter((i) => i.kind === 'import-statement')
    .map((i) => `<link rel="modulepreload" href="/app/${i.path.slice(i.path.lastIndexOf('/') + 1)}">`);
  const html = readFileSync(join(WEB_SRC, 'index.html'), 'utf8').replace('</head>', [...preload, '</head>'].join('\n'));
  writeFileSync(join(WEB_OUT, 'index.html'), html);
  const files = Object.entries(result.metafile.outputs).map(([file, o]) => ({ file: file.slice(file.lastIndexOf('/') + 1), bytes: o.bytes })).sort((a, b) => b.bytes - a.bytes);
  writeFileSync(STAMP, JSON.stringify({ builtAt: new Date().toISOString(), files }, null, 1));
  return { outDir: WEB_OUT, files, ms: Date.now() - t0 };
}

/** Builds when missing or stale; returns null when the existing build is current. */
export async function ensureWebBuilt(log: (line: string) => void = () => undefined): Promise<WebBuildReport | null> {
  if (!webBuildIsStale()) return null;
  log('Karavan: building the web app (src/web → .karavan/web)…');
  const r = await buildWeb();
  log(`Karavan: web app built in ${(r.ms / 1000).toFixed(1)} s (${r.files.map((f) => `${f.file} ${Math.round(f.bytes / 1024)} KB`).slice(0, 4).join(', ')})`);
  return r;
}
