import type { Command } from 'commander';
import { storeStats, type NetworkStats } from '../../app/stats.ts';
import { countryName, MEMBER_STATES } from '../../core/countries.ts';
import type { Lang } from '../../core/issues.ts';
import { action } from '../kit.ts';
import { withKaravan } from '../store.ts';

const H = {
  en: ['country', 'rail km', 'official', 'ours/off.', 'in largest', 'road km', 'ferry km', 'nodes', 'crossings', 'ports'],
  ru: ['страна', 'ж/д км', 'офиц.', 'наши/офиц.', 'в крупн. комп.', 'авто км', 'паром км', 'узлы', 'переходы', 'порты'],
};

function table(rows: string[][]): string {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ')).join('\n');
}

export function renderStats(s: NetworkStats, lang: Lang): string {
  const km = (x: number) => Math.round(x).toLocaleString('en-US');
  const member = new Set<string>(MEMBER_STATES);
  const rows = [H[lang]];
  for (const c of s.countries) {
    rows.push([
      `${c.country} ${countryName(c.country, lang)}${member.has(c.country) ? ' *' : ''}`,
      km(c.railKmOperating),
      c.railKmOfficial ? km(c.railKmOfficial) : '–',
      c.railKmOfficial ? `${Math.round((100 * c.railKmOperating) / c.railKmOfficial)} %` : '–',
      c.railShareInLargestComponent === null ? '–' : `${(100 * c.railShareInLargestComponent).toFixed(1)} %`,
      km(c.km.road), km(c.km.ferry), String(c.nodes), String(c.crossings), String(c.ports),
    ]);
  }
  const t = s.totals;
  const statusLine = Object.entries(s.projectsByStatus).sort().map(([k, v]) => `${k} ${v}`).join(', ') || '–';
  const lines = lang === 'ru'
    ? [`* — государства-участники СНГ. Ж/д км — действующие линии.`,
      `Итого: узлов ${t.nodes}, звеньев ${t.links}, погранпереходов ${t.crossings}, портов ${t.ports}, коридоров ${t.corridors}, проектов ${t.projects} (${statusLine}).`,
      `Связность ж/д сети: компонент ${s.rail.components}; крупнейшая — ${km(s.rail.largestComponentKm)} из ${km(s.rail.totalKm)} км.`]
    : [`* CIS member state. Rail km are operating lines.`,
      `Totals: ${t.nodes} nodes, ${t.links} links, ${t.crossings} border crossings, ${t.ports} ports, ${t.corridors} corridors, ${t.projects} projects (${statusLine}).`,
      `Rail connectivity: ${s.rail.components} components; the largest holds ${km(s.rail.largestComponentKm)} of ${km(s.rail.totalKm)} km.`];
  return `${table(rows)}\n\n${lines.join('\n')}`;
}

export function register(program: Command): void {
  program
    .command('stats')
    .description('the network per country and mode, against official lengths, with a connectivity report')
    .action(action(async (ctx) => {
      const s = await withKaravan(ctx, storeStats);
      ctx.out(ctx.json ? JSON.stringify(s) : renderStats(s, ctx.lang));
    }));
}
