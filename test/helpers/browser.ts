// A real Karavan server for HTTP and browser tests (no mocks: PGlite from a migrated template,
// the bundled network plus the small fixture network in test/fixtures/network, whose T-* ids never
// collide with bundled ones, so every layer the map draws has something in it while curation grows),
// and Debian's Chromium driven by playwright-core.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { bundledFiles, PROJECT_ROOT } from '../../src/app/open.ts';
import { importDataset } from '../../src/app/import-dataset.ts';
import { featureCollectionText } from '../../src/core/features.ts';
import { renderIssue } from '../../src/core/issues.ts';
import { buildServer } from '../../src/serve/app.ts';
import { openStore, type Db } from '../../src/store/index.ts';
import { freshPgliteDir } from './stores.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking', '--disable-component-update'];
export const ARTIFACTS = join(PROJECT_ROOT, 'test-artifacts');

export const chromiumAvailable = (): boolean => existsSync(CHROMIUM);

export interface TestServer { app: FastifyInstance; db: Db; url: string; close: () => Promise<void> }

const FIXTURE_DIR = join(PROJECT_ROOT, 'test/fixtures/network');

/** The fixture network has no corridor: one over its own nodes, so the map always has one to draw. */
function fixtureCorridorFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'karavan-test-corridor-'));
  const file = join(dir, 'corridors.geojson');
  writeFileSync(file, featureCollectionText('corridors', [{ id: 'T-CORRIDOR', name_en: 'Test corridor', name_ru: 'Тестовый коридор',
    nodes: ['T-ALMATY', 'T-AKTOGAY', 'T-DOSTYK'], color: '#8e44ad', sourceId: 'test@1#corridor', confidence: 'estimated' }]));
  return file;
}

/** Imports a set of files, failing loudly with the first issues when they do not validate. */
async function load(db: Db, files: string[], what: string): Promise<void> {
  if (files.length === 0) return;
  const r = await importDataset(db, files, { note: what });
  if (!r.ok) throw new Error(`${what} does not import:\n${r.issues.filter((i) => i.severity === 'error').slice(0, 5).map((i) => renderIssue(i)).join('\n')}`);
}

export async function startTestServer(): Promise<TestServer> {
  const dir = await freshPgliteDir();
  const db = await openStore({ dataDir: dir });
  // The bundled data's validity is test/data-bundle.test.ts's business; here it only adds volume,
  // so a bundle that does not import (mid-curation) is reported and left out.
  // KARAVAN_TEST_FIXTURES_ONLY=1 checks that the tests hold on the fixture network alone
  try {
    if (process.env.KARAVAN_TEST_FIXTURES_ONLY !== '1') await load(db, bundledFiles(), 'the bundled network (data/network)');
  } catch (e) {
    process.stderr.write(`startTestServer: serving the fixture network only: ${(e as Error).message.split('\n').slice(0, 2).join(' ')}\n`);
  }
  await load(db, readdirSync(FIXTURE_DIR).map((f) => join(FIXTURE_DIR, f)).sort(), 'the fixture network (test/fixtures/network)');
  await load(db, [fixtureCorridorFile()], 'the test corridor');
  const app = await buildServer({ db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  return {
    app, db, url: `http://127.0.0.1:${port}`,
    close: async () => { await app.close(); await db.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface MapPage { page: Page; /** Navigation → the map's first idle (body[data-ready]), ms. */ idleMs: number }

/**
 * A new page of the web map at `url` + `path` (a hash such as `#lang=en` sets the first view), in
 * English at 1280×800, with page errors echoed to stderr, waited on until the map's first idle; the
 * screenshots folder exists. Software WebGL on a CI machine shared with other test files: the
 * timeouts are generous, but bounded.
 */
export async function openMapPage(browser: Browser, url: string, o: { path?: string; timeoutMs?: number } = {}): Promise<MapPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  page.setDefaultTimeout(o.timeoutMs ?? 60000);
  mkdirSync(ARTIFACTS, { recursive: true });
  const t0 = Date.now();
  await page.goto(`${url}${o.path ?? '/'}`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
  return { page, idleMs: Date.now() - t0 };
}
