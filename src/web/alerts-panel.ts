// The Alerts tab: every active alert with its impact (km per mode and country, crossings, ports,
// corridors touched), and the Caspian panel: the level series and the chosen year's projection
// (echarts, its own chunk) and the remaining draft of each port from GET /alerts/water-level.
import type { Map as MlMap } from 'maplibre-gl';
import { ApiError, getJson } from './api.ts';
import { currentImpacts, esc, onAlertsChange, showAlertInfo, when, type AlertImpact } from './alerts-layer.ts';
import { severityText, SEVERITY_COLORS, ta, UNKNOWN_SEVERITY_COLOR } from './alerts-style.ts';
import { lang } from './i18n.ts';

interface WaterLevel {
  year: number; thresholdM: number;
  level: { year: number; levelM: number; kind: string; bandM: [number, number] | null };
  series: { year: number; levelM: number }[];
  ports: { id: string; name: string; referenceDraftM: number | null; referenceYear: number | null; remainingDraftM: number | null; lostM: number | null;
    confidence: string; confidenceWhy: { en: string; ru: string }[] }[];
  issues: { code: string; message: string }[];
}

const km = (v: number) => v.toLocaleString(undefined, { maximumFractionDigits: 1 });
const num = (v: number | null) => (v === null ? '—' : v.toFixed(2));
const colorOf = (s: string | null) => SEVERITY_COLORS.find(([k]) => k === s)?.[1] ?? UNKNOWN_SEVERITY_COLOR;
const countryName = (c: string) => { try { return new Intl.DisplayNames([document.documentElement.lang || 'en'], { type: 'region' }).of(c) ?? c; } catch { return c; } };

function impactHtml(x: AlertImpact): string {
  const i = x.impact;
  const list = (o: Record<string, number>, name: (k: string) => string) => Object.entries(o).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${esc(name(k))} ${km(v)}`).join(', ') || ta('none');
  const ids = (a: string[]) => (a.length ? a.map(esc).join(', ') : ta('none'));
  return `<li class="alert-item" data-alert-id="${esc(x.alert.id)}" style="border-left:6px solid ${colorOf(x.alert.severity)};padding-left:.5rem;margin:.5rem 0">
    <b>${esc(x.alert.headline ?? x.alert.event ?? x.alert.identifier)}</b>
    <div class="muted">${esc(severityText(x.alert.severity))} · ${esc(x.alert.certainty ?? '')} · ${esc(when(x.alert.onset))} → ${esc(when(x.alert.expires))}</div>
    <div>${esc(ta('affectedKm', { km: km(i.affectedKm) }))}</div>
    <table class="grid"><tr><th>${ta('byMode')}</th><td>${list(i.kmByMode, (k) => k)}</td></tr>
      <tr><th>${ta('byCountry')}</th><td>${list(i.kmByCountry, countryName)}</td></tr>
      <tr><th>${ta('crossingsTouched')}</th><td>${ids(i.crossings)}</td></tr>
      <tr><th>${ta('portsTouched')}</th><td>${ids(i.ports)}</td></tr>
      <tr><th>${ta('corridorsTouched')}</th><td>${ids(i.corridors)}</td></tr></table>
    <button type="button" class="alert-show">${ta('showAlert')}</button></li>`;
}

function renderList(root: HTMLElement, map: MlMap): void {
  const list = currentImpacts();
  root.innerHTML = `<p>${esc(list.length ? ta('alertsActive', { n: list.length }) : ta('alertsNone'))}</p><ul style="list-style:none;padding:0">${list.map(impactHtml).join('')}</ul>`;
  for (const b of root.querySelectorAll<HTMLButtonElement>('.alert-show')) {
    b.addEventListener('click', () => void showAlertInfo(b.closest<HTMLElement>('[data-alert-id]')!.dataset.alertId!, map));
  }
}

/** The weakest input's confidence, with every weak input in the tooltip (e.g. an unconfirmed level figure). */
function confidenceCell(p: WaterLevel['ports'][number]): string {
  const known = ['surveyed', 'published', 'estimated', 'inferred', 'unconfirmed'] as const;
  const text = (known as readonly string[]).includes(p.confidence) ? ta(`conf_${p.confidence as (typeof known)[number]}`) : p.confidence;
  const why = p.confidenceWhy.map((w) => (lang() === 'ru' ? w.ru : w.en)).join('; ');
  return `<td class="confidence"${why ? ` title="${esc(why)}"` : ''}>${esc(text)}</td>`;
}

async function renderCaspian(root: HTMLElement, year: number): Promise<void> {
  const out = root.querySelector<HTMLElement>('#caspian-out')!;
  let w: WaterLevel;
  try {
    w = await getJson<WaterLevel>(`/alerts/water-level?year=${year}`);
  } catch (e) {
    out.innerHTML = `<p class="error-text">${esc(e instanceof ApiError ? e.message : String(e))}</p>`;
    return;
  }
  const band = w.level.bandM ? ` — ${ta('caspianBand', { low: w.level.bandM[0].toFixed(2), high: w.level.bandM[1].toFixed(2) })}` : '';
  root.querySelector('#caspian-level')!.textContent = ta('caspianLevel', { year: w.year, level: w.level.levelM.toFixed(2), kind: w.level.kind }) + band;
  out.innerHTML = `<div style="overflow-x:auto"><table class="grid" id="caspian-drafts"><thead><tr><th>${ta('port')}</th><th class="num">${ta('refDraft')}</th>
    <th class="num">${ta('remainingDraft')}</th><th class="num">${ta('lostM')}</th><th>${ta('draftConfidence')}</th></tr></thead><tbody>
    ${w.ports.map((p) => `<tr data-port="${esc(p.id)}"${p.remainingDraftM !== null && p.remainingDraftM < w.thresholdM ? ` class="low" title="${esc(ta('belowThreshold', { threshold: w.thresholdM }))}" style="color:#b03a2e"` : ''}>
      <td>${esc(p.name)}</td><td class="num">${num(p.referenceDraftM)}${p.referenceYear ? ` (${p.referenceYear})` : ''}</td><td class="num">${num(p.remainingDraftM)}</td><td class="num">${num(p.lostM)}</td>${confidenceCell(p)}</tr>`).join('')}
    </tbody></table></div>${w.issues.slice(0, 5).map((i) => `<p class="muted">${esc(i.message)}</p>`).join('')}`;
  const { drawLevelChart } = await import('./caspian-chart.ts');
  drawLevelChart(root.querySelector<HTMLElement>('#caspian-chart')!, { series: w.series, level: w.level,
    names: { series: ta('series'), projection: ta('projection'), band: ta('band'), axis: ta('levelAxis') } });
  root.dataset.year = String(w.year);
}

let unsubscribe: (() => void) | null = null;

export async function renderAlertsPanel(root: HTMLElement, map: MlMap): Promise<void> {
  const thisYear = new Date().getUTCFullYear();
  const chosen = Number(root.querySelector<HTMLSelectElement>('#caspian-year')?.value) || thisYear;
  const years = Array.from({ length: 2100 - 1990 + 1 }, (_, i) => 1990 + i);
  root.innerHTML = `<div id="alerts-list"></div>
    <h3>${ta('caspianTitle')}</h3>
    <div class="row"><label for="caspian-year">${ta('caspianYear')}</label><select id="caspian-year">${years.map((y) => `<option${y === chosen ? ' selected' : ''}>${y}</option>`).join('')}</select></div>
    <p id="caspian-level" class="muted"></p>
    <div id="caspian-chart" style="height:220px"></div>
    <div id="caspian-out"></div>`;
  const listEl = root.querySelector<HTMLElement>('#alerts-list')!;
  renderList(listEl, map);
  unsubscribe?.();
  unsubscribe = onAlertsChange(() => renderList(listEl, map));
  const select = root.querySelector<HTMLSelectElement>('#caspian-year')!;
  select.addEventListener('change', () => void renderCaspian(root, Number(select.value)));
  await renderCaspian(root, chosen);
}
