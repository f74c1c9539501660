// Severity colours of the alerts layer, its legend keys and the alerts views' strings (en/ru).
// Kept apart from i18n.ts so the early-warning views add no churn to the shared table; the
// language itself is i18n.ts's lang().
import { lang } from './i18n.ts';

/** CAP severities, most severe first (the colour ramp of the alerts layer). */
export const SEVERITY_COLORS: [string, string][] = [['Extreme', '#b2182b'], ['Severe', '#ef6548'], ['Moderate', '#fdbb84'], ['Minor', '#fee8c8']];
export const UNKNOWN_SEVERITY_COLOR = '#bdbdbd';
export const AFFECTED_LINK_COLOR = '#e7298a';

const EN = {
  alertsLayer: 'Hazard alerts',
  alertsShow: 'Active alert areas',
  affectedNetwork: 'network affected by an alert',
  Extreme: 'Extreme', Severe: 'Severe', Moderate: 'Moderate', Minor: 'Minor', Unknown: 'Unknown',
  alertsActive: 'Active alerts: {n}',
  alertsNone: 'No active alerts.',
  event: 'Event', severity: 'Severity', certainty: 'Certainty', onset: 'Onset', expires: 'Expires', sender: 'Sender', effect: 'Effect',
  affectedKm: '{km} km of network affected',
  byMode: 'By mode', byCountry: 'By country',
  crossingsTouched: 'Border crossings', portsTouched: 'Ports', corridorsTouched: 'Corridors',
  none: '—',
  watchBanner: 'A watched route is affected: {targets}',
  caspianTitle: 'Caspian Sea level',
  caspianYear: 'Year',
  caspianLevel: 'Level {year}: {level} m BS ({kind})',
  caspianBand: 'projection band {low} … {high} m',
  levelAxis: 'm BS',
  series: 'observed / reported', projection: 'projection', band: 'band',
  port: 'Port', refDraft: 'Reference draft, m', remainingDraft: 'Remaining draft, m', lostM: 'Lost, m',
  draftConfidence: 'Confidence', conf_surveyed: 'surveyed', conf_published: 'published', conf_estimated: 'estimated', conf_inferred: 'inferred', conf_unconfirmed: 'unconfirmed',
  belowThreshold: 'below the {threshold} m threshold',
  showAlert: 'Show on the map',
  impact: 'Impact',
};
type AKey = keyof typeof EN;
const RU: Record<AKey, string> = {
  alertsLayer: 'Предупреждения об опасности',
  alertsShow: 'Зоны действующих предупреждений',
  affectedNetwork: 'сеть, затронутая предупреждением',
  Extreme: 'Чрезвычайная', Severe: 'Сильная', Moderate: 'Умеренная', Minor: 'Слабая', Unknown: 'Неизвестно',
  alertsActive: 'Действующие предупреждения: {n}',
  alertsNone: 'Действующих предупреждений нет.',
  event: 'Явление', severity: 'Серьёзность', certainty: 'Достоверность', onset: 'Начало', expires: 'Окончание', sender: 'Отправитель', effect: 'Последствие',
  affectedKm: 'Затронуто {km} км сети',
  byMode: 'По видам транспорта', byCountry: 'По странам',
  crossingsTouched: 'Погранпереходы', portsTouched: 'Порты', corridorsTouched: 'Коридоры',
  none: '—',
  watchBanner: 'Затронут отслеживаемый маршрут: {targets}',
  caspianTitle: 'Уровень Каспийского моря',
  caspianYear: 'Год',
  caspianLevel: 'Уровень в {year}: {level} м БС ({kind})',
  caspianBand: 'диапазон прогноза {low} … {high} м',
  levelAxis: 'м БС',
  series: 'наблюдения / данные', projection: 'прогноз', band: 'диапазон',
  port: 'Порт', refDraft: 'Исходная осадка, м', remainingDraft: 'Остаточная осадка, м', lostM: 'Потеря, м',
  draftConfidence: 'Достоверность', conf_surveyed: 'измерено', conf_published: 'опубликовано', conf_estimated: 'оценка', conf_inferred: 'выведено', conf_unconfirmed: 'не подтверждено',
  belowThreshold: 'ниже порога {threshold} м',
  showAlert: 'Показать на карте',
  impact: 'Последствия для сети',
};

export function ta(key: AKey, params: Record<string, string | number> = {}): string {
  const s = (lang() === 'ru' ? RU : EN)[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export const severityText = (s: string | null): string => ta((s && s in EN ? s : 'Unknown') as AKey);

/** The legend's switch and keys for the alerts layer (legend.ts puts them under its layer switches). */
export function alertsLegendHtml(checked: boolean): string {
  const fill = (c: string) => `<span class="sw pt" style="background:${c};border-radius:2px"></span>`;
  return `<h3>${ta('alertsLayer')}</h3>` +
    `<label><input type="checkbox" data-group="alerts" ${checked ? 'checked' : ''}>${fill(SEVERITY_COLORS[1][1])}<span>${ta('alertsShow')}</span></label>` +
    SEVERITY_COLORS.map(([s, c]) => `<div class="key">${fill(c)}<span>${severityText(s)}</span></div>`).join('') +
    `<div class="key"><span class="sw" style="border-top-color:${AFFECTED_LINK_COLOR}"></span><span>${ta('affectedNetwork')}</span></div>`;
}
