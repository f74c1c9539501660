import { readdirSync, readFileSync } from 'node:fs';
import { ensureWebBuilt } from '../src/serve/web-build.ts';
import { launchChromium, startTestServer } from '../test/helpers/browser.ts';
function snap() {
  const parent = new Map<number, number>(), cpu = new Map<number, number>(), type = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(+name, +f[1]); cpu.set(+name, (+f[11] + +f[12]) * 10);
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      type.set(+name, /--type=([\w-]+)/.exec(cmd)?.[1] + (/--utility-sub-type=([\w.-]+)/.exec(cmd)?.[1] ?? '') || (cmd.includes('chromium') ? 'browser' : 'other'));
    } catch {}
  }
  const out = new Map<string, number>();
  for (const [pid, t] of cpu) { let p = parent.get(pid); while (p && p > 1 && p !== process.pid) p = parent.get(p); if (p === process.pid) out.set(`${pid}:${type.get(pid)}`, t); }
  return out;
}
await ensureWebBuilt();
const server = await startTestServer();
const browser = await launchChromium();
try {
  for (let i = 0; i < Number(process.env.N ?? 5); i++) {
    const a = snap();
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage(); if (process.env.NOTILES) await context.route(/\/tiles\/(\w+)\/\d+/, (r) => (process.env.NOTILES === 'all' || r.request().url().includes('/' + process.env.NOTILES + '/')) ? r.fulfill({ status: 200, contentType: 'application/vnd.mapbox-vector-tile', body: Buffer.alloc(0) }) : r.continue()); if (process.env.NOMAP) await page.route('**/app/main.js', (r) => r.fulfill({ contentType: 'text/javascript', body: 'document.body.dataset.ready="true"' }));
    const b = snap();
    await page.goto(`${server.url}/`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
    const c = snap();
    const d = (x: Map<string, number>, y: Map<string, number>) => [...y].map(([k, v]) => [k, v - (x.get(k) ?? 0)] as const).filter(([, v]) => v > 0).map(([k, v]) => `${k}=${v}`).join(' ');
    { const l = [...c].map(([k, v]) => [k, v - (b.get(k) ?? 0)] as const); const sum = (re: RegExp) => l.filter(([k]) => re.test(k)).reduce((s, [, v]) => s + v, 0); console.log(`gpu ${sum(/gpu/)} renderers ${sum(/renderer/)} browser ${sum(/undefined|browser/)} total ${sum(/./)}`); }
    await context.close();
  }
} finally { await browser.close(); await server.close(); }
