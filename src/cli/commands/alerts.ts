import type { Command } from 'commander';
import { alertImpacts, ingestAlerts, listAlertsUseCase, showAlert, type AlertImpact, type AlertListItem } from '../../app/alerts.ts';
import { MAX_ATTRIBUTED, rerouteAroundAlerts, type RerouteResult } from '../../app/alerts-reroute.ts';
import { addWatch, deliverDue } from '../../app/alerts-watch.ts';
import { confidenceWord, raiseDraftAlerts, waterLevelReport, type Rated } from '../../app/alerts-water.ts';
import { listDeliveries, listWatches } from '../../store/index.ts';
import { KaravanError, type Lang } from '../../core/issues.ts';
import { action, EXIT, intOption, numberOption } from '../kit.ts';
import { countsLine, issueJson, printIssues } from '../render.ts';
import { withKaravan } from '../store.ts';

function atOption(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  const t = Date.parse(String(v));
  if (!Number.isFinite(t)) throw new KaravanError('OPTION_INVALID', { option: '--at', value: v, allowed: 'an ISO 8601 date-time, e.g. 2025-03-06T14:00:00Z' });
  return new Date(t).toISOString();
}

const EFFECT_RU: Record<string, string> = { closure: 'закрытие', delay: 'задержка', watch: 'наблюдение', none: 'без последствий' };

function stateOf(a: AlertListItem, lang: Lang): string {
  const ru = lang === 'ru';
  if (a.cancelled) return ru ? 'отменено' : 'cancelled';
  if (a.supersededBy) return ru ? `заменено ${a.supersededBy}` : `updated by ${a.supersededBy}`;
  // upcoming: sent, but its onset is still ahead — it acts on routes from then
  if (a.active && a.upcoming) return ru ? `действует с ${a.onset ?? '–'}` : `upcoming, from ${a.onset ?? '–'}`;
  if (a.active) return ru ? 'действует' : 'active';
  return ru ? 'не действует' : 'not active';
}

function alertLine(a: AlertListItem, lang: Lang): string {
  const ru = lang === 'ru';
  const effect = ru ? (EFFECT_RU[a.effect.kind] ?? a.effect.kind) : a.effect.kind;
  const whole = a.geocodeOnly ? (ru ? ' (страна целиком)' : ' (whole country)') : '';
  return `${a.id}  ${a.sent}  ${a.severity ?? '–'}/${a.certainty ?? '–'} → ${effect}${whole}  ${a.event ?? '–'}${a.expires ? `  (${ru ? 'до' : 'until'} ${a.expires})` : ''}  [${stateOf(a, lang)}]`;
}

function impactText(x: AlertImpact, lang: Lang): string {
  const i = x.impact;
  const ru = lang === 'ru';
  const lines = [alertLine(x.alert, lang)];
  const per = i.kmByModeCountry.map((e) => `${e.mode} ${e.country} ${e.km.toFixed(1)}`).join(', ') || '–';
  lines.push(`  ${ru ? 'затронуто сети' : 'network affected'}: ${i.affectedKm.toFixed(1)} km (${per})`);
  lines.push(`  ${ru ? 'звенья' : 'links'} ${i.links.length}, ${ru ? 'узлы' : 'nodes'} ${i.nodes.length}, ${ru ? 'порты' : 'ports'} ${i.ports.join(' ') || '–'}, ${ru ? 'переходы' : 'crossings'} ${i.crossings.join(' ') || '–'}`);
  lines.push(`  ${ru ? 'коридоры' : 'corridors'} ${i.corridors.join(' ') || '–'}; ${ru ? 'проекты' : 'projects'} ${i.projects.join(' ') || '–'}`);
  return lines.join('\n');
}

export function rerouteText(r: RerouteResult, lang: Lang): string {
  const ru = lang === 'ru';
  const effectName = (k: string | null) => (k === null ? '–' : ru ? (EFFECT_RU[k] ?? k) : k);
  const t = (x: RerouteResult['baseline']) => {
    const b = x.routes[0];
    if (!b) return x.unreachable?.message ?? (ru ? 'нет маршрута' : 'no route');
    return `${b.totals.km.toFixed(0)} km, ${b.totals.hours.toFixed(1)} h, USD ${b.totals.usd.toFixed(0)}, CO2 ${b.totals.co2Kg.toFixed(0)} kg — ${b.nodes.join(' → ')}`;
  };
  const lines = [`${ru ? 'без оповещений' : 'without alerts'}: ${t(r.baseline)}`, `${ru ? 'с оповещениями' : 'with alerts'}:    ${t(r.withAlerts)}`];
  if (r.changedBy.length === 0) lines.push(ru ? 'действующие оповещения не затрагивают этот маршрут' : 'no active alert closes, delays or adds risk to this route');
  const signed = (x: number, digits = 2) => `${x >= 0 ? '+' : ''}${Number(x.toFixed(digits))}`;
  for (const c of r.changedBy) {
    const what = [
      c.links.length ? `${ru ? 'закрыты' : 'closes'} ${c.links.join(', ')}` : '',
      c.crossings.length ? `${ru ? 'задержка на' : 'delays'} ${c.crossings.map((x) => `${x} +${r.crossingExtraHours[x] ?? '?'} ${ru ? 'ч' : 'h'}`).join(', ')}` : '',
      // Delays along links and risk: which links of the route the alert touches.
      !c.links.length && c.touchedLinks.length ? `${ru ? 'затрагивает' : 'touches'} ${c.touchedLinks.length} ${ru ? 'участков маршрута' : 'links of the route'}` : '',
      c.delta ? `${signed(c.delta.hours)} h, USD ${signed(c.delta.usd)}, CO2 ${signed(c.delta.co2Kg)} kg, ${ru ? 'риск' : 'risk'} ${signed(c.delta.risk, 3)}`
        // delta is left out past MAX_ATTRIBUTED alerts, on hierarchy-sized graphs, or with no route: say so
        : ru ? `его собственный вклад не вычислен (только для первых ${MAX_ATTRIBUTED} оповещений и не на сетях с иерархией)`
          : `its own share not computed (only for the first ${MAX_ATTRIBUTED} alerts, and not on networks routed by a hierarchy)`,
    ].filter(Boolean).join('; ');
    lines.push(`${ru ? 'изменено оповещением' : 'changed by alert'} ${c.alertId} (${c.event ?? '–'}, ${effectName(c.effect)}): ${what}`);
  }
  if (r.delta) lines.push(`Δ ${signed(r.delta.km)} km, ${signed(r.delta.hours)} h, USD ${signed(r.delta.usd)}, CO2 ${signed(r.delta.co2Kg)} kg, ${ru ? 'риск' : 'risk'} ${signed(r.delta.risk, 3)}`);
  return lines.join('\n');
}

export function register(program: Command): void {
  const alerts = program.command('alerts').description('hazard alerts (CAP 1.2/1.1, Atom/RSS of CAP, GeoJSON hazards): ingest, list, impact on the network');

  alerts
    .command('ingest')
    .description('check alert files or folders and store them in one transaction; nothing is stored if anything is wrong')
    .argument('<paths...>', 'files or folders (.xml .cap .atom .rss .geojson .json)')
    .option('--now <datetime>', 'judge expiry at this moment instead of now (replays of archives)')
    .action(action(async (ctx, paths: string[], opts: { now?: string }) => {
      const now = atOption(opts.now);
      const r = await withKaravan(ctx, (db) => ingestAlerts(db, paths, { now }));
      if (ctx.json) ctx.out(JSON.stringify({ ok: r.ok, read: r.read, accepted: r.accepted, rejected: r.rejected, written: r.written, alerts: r.alerts, superseded: r.superseded, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
      else {
        printIssues(r.issues, ctx.lang, ctx.err);
        if (!r.ok) ctx.err(ctx.lang === 'ru' ? 'оповещения отклонены: ничего не записано' : 'alerts refused: nothing was stored');
        if (r.ok) for (const a of r.alerts) ctx.out(`${a.id}  ${a.msgType}  ${a.severity ?? '–'}  ${a.event ?? '–'}${a.expired ? (ctx.lang === 'ru' ? '  (истекло)' : '  (expired)') : ''}`);
        ctx.out(countsLine(ctx.lang, r));
      }
      return r.ok ? EXIT.OK : EXIT.DATA;
    }));

  alerts
    .command('list')
    .description('active alerts (or the whole history with --all), newest first')
    .option('--all', 'include expired, updated and cancelled alerts')
    .option('--at <datetime>', 'judge "active" at this moment instead of now')
    .option('--limit <n>', 'at most this many', '1000')
    .action(action(async (ctx, opts: { all?: boolean; at?: string; limit?: string }) => {
      const limit = intOption('--limit', opts.limit, 1, 10000);
      const list = await withKaravan(ctx, (db) => listAlertsUseCase(db, { all: opts.all, at: atOption(opts.at), limit }));
      if (ctx.json) ctx.out(JSON.stringify({ alerts: list }));
      else if (list.length === 0) ctx.out(ctx.lang === 'ru' ? 'нет оповещений' : 'no alerts');
      else for (const a of list) ctx.out(alertLine(a, ctx.lang));
    }));

  alerts
    .command('show')
    .description('one alert: its infos, areas and history')
    .argument('<id>', 'alert id (from `karavan alerts list`)')
    .action(action(async (ctx, id: string) => {
      const a = await withKaravan(ctx, (db) => showAlert(db, id));
      if (ctx.json) ctx.out(JSON.stringify(a));
      else {
        ctx.out(alertLine(a, ctx.lang));
        ctx.out(`  ${a.identifier} · ${a.sender} · ${a.msgType} · ${a.status}`);
        for (const info of a.alert.infos) ctx.out(`  [${info.language}] ${info.headline ?? info.event} — ${info.areas.map((x) => x.areaDesc).join('; ')}`);
        for (const h of a.history) ctx.out(`  ${h.at} ${h.change}${h.byAlert ? ` ${h.byAlert}` : ''}`);
      }
    }));

  alerts
    .command('impact')
    .description('what an alert (or every active alert) touches: links, nodes, ports, crossings, corridors, projects; km per mode and country')
    .argument('[id]', 'alert id; all active alerts when omitted')
    .option('--at <datetime>', 'judge "active" at this moment instead of now')
    .action(action(async (ctx, id: string | undefined, opts: { at?: string }) => {
      const list = await withKaravan(ctx, (db) => alertImpacts(db, { id, at: atOption(opts.at) }));
      if (ctx.json) ctx.out(JSON.stringify({ impacts: list }));
      else if (list.length === 0) ctx.out(ctx.lang === 'ru' ? 'нет действующих оповещений' : 'no active alerts');
      else ctx.out(list.map((x) => impactText(x, ctx.lang)).join('\n'));
    }));

  alerts
    .command('reroute')
    .description('the best route with and without the closures of active alerts: which alert changed it and by how much')
    .argument('<from>', 'place name (en/ru), UN/LOCODE, node id, or lon,lat')
    .argument('<to>', 'place name (en/ru), UN/LOCODE, node id, or lon,lat')
    .option('--modes <list>', 'allowed modes: rail,road,ferry (default all)')
    .option('--profile <id>', 'costing profile in data/profiles', 'container')
    .option('--weights <list>', 'weighted objective, e.g. usd=1,hours=0.2')
    .option('--avoid-countries <list>', 'ISO codes of countries not to enter')
    .option('--year <yyyy>', 'the network as of this year')
    .option('--max-transshipments <n>', 'at most N transshipments (mode or gauge changes)')
    .option('--at <datetime>', 'judge "active" at this moment instead of now')
    .action(action(async (ctx, from: string, to: string, opts: { modes?: string; profile?: string; weights?: string; avoidCountries?: string; year?: string; maxTransshipments?: string; at?: string }) => {
      const at = atOption(opts.at);
      const { at: _at, ...route } = opts;
      const r = await withKaravan(ctx, (db) => rerouteAroundAlerts(db, { from, to, ...route }, 'cli', ctx.lang, at));
      if (ctx.json) ctx.out(JSON.stringify(r));
      else ctx.out(rerouteText(r, ctx.lang));
      return r.withAlerts.routes.length ? EXIT.OK : EXIT.DATA;
    }));

  alerts
    .command('watch')
    .description('watch a route or a corridor: alerts that touch it are POSTed to a webhook (HMAC-SHA256 signed)')
    .option('--route <from,to>', 'the best route between two places (its links are watched)')
    .option('--corridor <id>', 'a corridor id')
    .requiredOption('--webhook <url>', 'where to POST (loopback only unless KARAVAN_WEBHOOK_ALLOW_REMOTE=1)')
    .option('--secret <s>', 'HMAC key (default: a random one, printed once)')
    .action(action(async (ctx, opts: { route?: string; corridor?: string; webhook: string; secret?: string }) => {
      const parts = opts.route?.split(',').map((x) => x.trim());
      if (parts && (parts.length !== 2 || !parts[0] || !parts[1])) throw new KaravanError('OPTION_INVALID', { option: '--route', value: opts.route, allowed: 'FROM,TO' });
      const w = await withKaravan(ctx, (db) => addWatch(db, { route: parts ? { from: parts[0], to: parts[1] } : undefined, corridor: opts.corridor, webhookUrl: opts.webhook, secret: opts.secret }));
      if (ctx.json) ctx.out(JSON.stringify(w));
      else ctx.out(`watch ${w.id}: ${w.kind} ${w.target} (${w.links.length} links) → ${w.webhookUrl}; secret ${w.secret}`);
    }));

  alerts
    .command('deliveries')
    .description('watches and the webhook delivery log; with --send, POST the deliveries that are due first')
    .option('--send', 'deliver what is due now (retries back off: 30 s, 1 min, 2 min … up to 1 h, 8 attempts)')
    .action(action(async (ctx, opts: { send?: boolean }) => {
      const r = await withKaravan(ctx, async (db) => ({ sent: opts.send ? await deliverDue(db) : null, watches: (await listWatches(db)).map(({ secret: _s, ...w }) => w), deliveries: await listDeliveries(db) }));
      if (ctx.json) ctx.out(JSON.stringify(r));
      else {
        if (r.sent) ctx.out(`delivered ${r.sent.delivered}, retrying ${r.sent.retrying}, failed ${r.sent.failed}`);
        for (const w of r.watches) ctx.out(`watch ${w.id}: ${w.kind} ${w.target} → ${w.webhookUrl}`);
        for (const d of r.deliveries) ctx.out(`  #${d.id} watch ${d.watchId} alert ${d.alertId}: ${d.status}, ${d.attempts} attempts${d.lastError ? ` (${d.lastError})` : ''}`);
      }
    }));

  alerts
    .command('water-level')
    .description('the Caspian Sea level (observed and projected) and the remaining draft at each Caspian port in a year')
    .option('--year <year>', 'the year to evaluate', String(new Date().getUTCFullYear()))
    .option('--threshold <m>', 'warn when a port\'s remaining draft falls below this many metres', '4.5')
    .option('--raise', 'store an alert for each port below the threshold in that year')
    .action(action(async (ctx, opts: { year: string; threshold: string; raise?: boolean }) => {
      const year = intOption('--year', opts.year, 1800, 2100);
      const thresholdM = numberOption('--threshold', opts.threshold, 0, 30);
      const r = await withKaravan(ctx, async (db) => {
        const rep = await waterLevelReport(db, { year, thresholdM });
        return { ...rep, raised: opts.raise ? (await raiseDraftAlerts(db, rep)).alerts.map((a) => a.id) : [] };
      });
      if (ctx.json) ctx.out(JSON.stringify({ ...r, issues: r.issues.map((i) => issueJson(i, ctx.lang)) }));
      else {
        const ru = ctx.lang === 'ru';
        const l = r.level;
        // A figure resting on a derived or unconfirmed input says so, and which input: `[unconfirmed: level 2025-10 (−29.48 m BS) is unconfirmed]`.
        const rated = (x: Rated) => ` [${confidenceWord(x.confidence, ctx.lang)}${x.confidenceWhy.length ? `: ${x.confidenceWhy.map((w) => (ru ? w.ru : w.en)).join('; ')}` : ''}]`;
        ctx.out(`${ru ? 'Уровень Каспия' : 'Caspian Sea level'} ${year}: ${l.levelM.toFixed(2)} m BS (${l.kind}${l.bandM ? `, ${l.bandM[0].toFixed(2)}…${l.bandM[1].toFixed(2)}` : ''})${rated(l)}`);
        for (const p of r.ports) {
          const ref = p.referenceDraftM === null ? '–' : `${p.referenceDraftM} m (${p.referenceYear ?? (ru ? 'год неизвестен' : 'year unknown')})`;
          const left = p.remainingDraftM !== null ? `${p.remainingDraftM.toFixed(2)} m` : p.referenceDraftM === null ? (ru ? 'нет данных о глубине' : 'no sourced depth') : (ru ? 'без года не пересчитать' : 'cannot be carried forward without a year');
          ctx.out(`  ${p.id.padEnd(24)} ${ref} → ${left}${p.remainingDraftM !== null ? rated(p) : ''}`);
          // One line per vessel class that loses cargo here: what it can still carry at this draft.
          for (const v of p.loadLimits) {
            if (!v.lostT) continue;
            const carry = v.limitT !== null ? `${Math.round(v.limitT).toLocaleString('en-US')} t${v.shareOfDesign !== null ? ` (${Math.round(v.shareOfDesign * 100)} %)` : ''}` : (ru ? 'дедвейт не опубликован' : 'deadweight unpublished');
            // the port line above gives the reasons; here only the word, which may be weaker (a TPC estimate)
            ctx.out(`      ${ru ? (v.name_ru ?? v.name) : v.name}: ${ru ? 'осадка' : 'draft'} ${v.allowedDraftM.toFixed(2)} m, ${ru ? 'недогруз' : 'leaves'} ${Math.round(v.lostT).toLocaleString('en-US')} t, ${ru ? 'берёт' : 'carries'} ${carry} [${confidenceWord(v.confidence, ctx.lang)}]`);
          }
        }
        printIssues(r.issues, ctx.lang, ctx.err);
        if (r.raised.length) ctx.out(`${ru ? 'сохранены оповещения' : 'alerts stored'}: ${r.raised.join(' ')}`);
      }
      return EXIT.OK;
    }));
}
