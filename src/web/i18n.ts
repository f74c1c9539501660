// Every UI string in English and Russian. Elements carry data-i18n="key" (text) or
// data-i18n-title / data-i18n-placeholder / data-i18n-aria; applyTranslations() rewrites them all.
export type Lang = 'en' | 'ru';

const EN = {
  title: 'Karavan — transport map of the CIS',
  search: 'Search places, stations, ports, crossings, projects…',
  searchLabel: 'Search',
  noResults: 'Nothing found',
  layers: 'Layers',
  language: 'Русский',
  languageLabel: 'Switch language to Russian',
  togglePanel: 'Show or hide the panel',
  loading: 'Loading the map…',
  loadError: 'Could not load: {reason}',
  railways: 'Railways',
  railGauge: 'Rail by gauge',
  gauge1520: '1520 mm (CIS)',
  gauge1435: '1435 mm (standard)',
  gaugeOther: 'other / unknown',
  railStatus: 'Rail by status',
  operating: 'operating',
  construction: 'under construction',
  planned: 'planned / proposed',
  disused: 'disused',
  road: 'Roads',
  ferry: 'Ferry and Ro-Ro lines',
  ports: 'Ports',
  dryPorts: 'Dry ports and terminals',
  stations: 'Stations and junctions',
  crossings: 'Border crossings',
  gaugeChange: 'with gauge change',
  corridors: 'Corridors',
  projects: 'Projects',
  colorBy: 'Colour rail by',
  byGauge: 'gauge',
  byStatus: 'status',
  timeline: 'Network in year',
  timelineHelp: 'Links open from their opening year or their project’s completion year',
  close: 'Close',
  source: 'Source',
  confidence: 'Confidence',
  noCitation: 'no publication cited for this record',
  sourceRecord: 'record',
  sourceNote: 'Curator’s note',
  attributes: 'Attributes',
  projectsPanel: 'Projects',
  country: 'Country',
  status: 'Status',
  cost: 'Cost',
  years: 'Years',
  name: 'Name',
  all: 'all',
  downloadCsv: 'Download CSV',
  financiers: 'Financiers',
  changes: 'What it changes',
  routePanel: 'Route planner',
  flowsPanel: 'Flows',
  alertsPanel: 'Alerts',
  flowsIntro: 'Freight OD matrix (data/demand) assigned on the network under its hard capacities: line width by tonnes per year, colour by volume/capacity.',
  flowsLoad: 'Show flows',
  flowsLoading: 'Assigning…',
  flowsSummary: '{assigned} of {total} Mt/yr assigned, profile {profile}',
  flowsNotConverged: 'the capacities could not all be met: see the warnings',
  bottlenecksTitle: 'Bottlenecks',
  shadowPrice: 'Shadow price, {unit}/t',
  volumeCapacity: 'Volume / capacity',
  tonnesPerYear: 'Mt/yr',
  capacityMt: 'Capacity, Mt/yr',
  vcNoCapacity: 'no capacity in the data',
  binding: 'binding',
  from: 'From',
  to: 'To',
  profile: 'Profile',
  alternatives: 'Alternatives',
  avoidCountries: 'Avoid countries (ISO codes)',
  planRoute: 'Plan route',
  via: 'Via (; between places)',
  modes: 'Modes',
  weights: 'Weights',
  pareto: 'Pareto set (every non-dominated route)',
  noRoute: 'No route: {reason}',
  routeUnavailable: 'The routing service is not available on this server yet',
  km: 'km',
  hours: 'hours',
  usd: 'USD',
  co2: 'CO₂ kg',
  risk: 'risk',
  route: 'Route',
  legs: 'Legs',
  warnings: 'Warnings',
  clickMap: 'Tip: click a feature for its attributes',
  apiDocs: 'API',
  featureNotFound: 'Feature not found',
  kind: 'Kind',
} as const;

export type Key = keyof typeof EN;

const RU: Record<Key, string> = {
  title: 'Караван — транспортная карта СНГ',
  search: 'Поиск: города, станции, порты, переходы, проекты…',
  searchLabel: 'Поиск',
  noResults: 'Ничего не найдено',
  layers: 'Слои',
  language: 'English',
  languageLabel: 'Переключить язык на английский',
  togglePanel: 'Показать или скрыть панель',
  loading: 'Загрузка карты…',
  loadError: 'Не удалось загрузить: {reason}',
  railways: 'Железные дороги',
  railGauge: 'Железные дороги по ширине колеи',
  gauge1520: '1520 мм (СНГ)',
  gauge1435: '1435 мм (европейская)',
  gaugeOther: 'иная / неизвестна',
  railStatus: 'Железные дороги по состоянию',
  operating: 'действующие',
  construction: 'строящиеся',
  planned: 'планируемые / предлагаемые',
  disused: 'недействующие',
  road: 'Автодороги',
  ferry: 'Паромные и ро-ро линии',
  ports: 'Порты',
  dryPorts: 'Сухие порты и терминалы',
  stations: 'Станции и узлы',
  crossings: 'Пункты пропуска',
  gaugeChange: 'со сменой колеи',
  corridors: 'Коридоры',
  projects: 'Проекты',
  colorBy: 'Окраска ж/д',
  byGauge: 'по колее',
  byStatus: 'по состоянию',
  timeline: 'Сеть в году',
  timelineHelp: 'Участки открываются в год открытия или в год завершения проекта',
  close: 'Закрыть',
  source: 'Источник',
  confidence: 'Достоверность',
  noCitation: 'публикация для этой записи не указана',
  sourceRecord: 'запись',
  sourceNote: 'Примечание составителя',
  attributes: 'Атрибуты',
  projectsPanel: 'Проекты',
  country: 'Страна',
  status: 'Статус',
  cost: 'Стоимость',
  years: 'Годы',
  name: 'Название',
  all: 'все',
  downloadCsv: 'Скачать CSV',
  financiers: 'Финансирование',
  changes: 'Что меняет',
  routePanel: 'Маршрут',
  flowsPanel: 'Потоки',
  alertsPanel: 'Предупреждения',
  flowsIntro: 'Матрица грузопотоков (data/demand), распределённая по сети с учётом жёстких пропускных способностей: толщина линии — тонны в год, цвет — загрузка.',
  flowsLoad: 'Показать потоки',
  flowsLoading: 'Распределение…',
  flowsSummary: 'распределено {assigned} из {total} млн т/год, профиль {profile}',
  flowsNotConverged: 'не все ограничения мощности выполнены: см. предупреждения',
  bottlenecksTitle: 'Узкие места',
  shadowPrice: 'Теневая цена, {unit}/т',
  volumeCapacity: 'Загрузка (объём / мощность)',
  tonnesPerYear: 'млн т/год',
  capacityMt: 'Мощность, млн т/год',
  vcNoCapacity: 'мощность в данных не указана',
  binding: 'ограничивает',
  from: 'Откуда',
  to: 'Куда',
  profile: 'Профиль',
  alternatives: 'Альтернативы',
  avoidCountries: 'Избегать стран (коды ISO)',
  planRoute: 'Построить маршрут',
  via: 'Через (места через ;)',
  modes: 'Виды транспорта',
  weights: 'Веса',
  pareto: 'Множество Парето (все недоминируемые маршруты)',
  noRoute: 'Маршрут не найден: {reason}',
  routeUnavailable: 'Сервис маршрутов на этом сервере пока недоступен',
  km: 'км',
  hours: 'ч',
  usd: 'долл. США',
  co2: 'CO₂, кг',
  risk: 'риск',
  route: 'Маршрут',
  legs: 'Участки',
  warnings: 'Предупреждения',
  clickMap: 'Совет: щёлкните объект, чтобы увидеть его атрибуты',
  apiDocs: 'API',
  featureNotFound: 'Объект не найден',
  kind: 'Тип',
};

/** Values of enumerated fields (status, kind, confidence …) shown in the attribute panel. */
const VALUES_RU: Record<string, string> = {
  operating: 'действует', construction: 'строится', planned: 'планируется', proposed: 'предлагается', disused: 'не действует',
  surveyed: 'измерено', published: 'опубликовано', estimated: 'оценка', inferred: 'выведено',
  station: 'станция', junction: 'узел', port: 'порт', dry_port: 'сухой порт', terminal: 'терминал', border: 'пограничная станция', city: 'город',
  rail: 'ж/д', road: 'автодорога', ferry: 'паром', true: 'да', false: 'нет',
  new_line: 'новая линия', second_track: 'второй путь', electrification: 'электрификация', upgrade: 'модернизация', other: 'прочее',
};

/** Field names shown in the attribute panel. */
const FIELDS: Record<string, { en: string; ru: string }> = {
  id: { en: 'Id', ru: 'Идентификатор' }, kind: { en: 'Kind', ru: 'Тип' }, mode: { en: 'Mode', ru: 'Вид транспорта' }, country: { en: 'Country', ru: 'Страна' },
  lengthKm: { en: 'Length, km', ru: 'Длина, км' }, gaugeMm: { en: 'Gauge, mm', ru: 'Колея, мм' }, tracks: { en: 'Tracks', ru: 'Путей' },
  electrified: { en: 'Electrified', ru: 'Электрифицирован' }, status: { en: 'Status', ru: 'Статус' }, openingYear: { en: 'Opening year', ru: 'Год открытия' },
  closingYear: { en: 'Closing year', ru: 'Год закрытия' }, speedKmh: { en: 'Speed, km/h', ru: 'Скорость, км/ч' }, capacityPerDay: { en: 'Capacity per day', ru: 'Пропускная способность в сутки' },
  capacityTonnesPerYear: { en: 'Capacity, t/year', ru: 'Пропускная способность, т/год' }, operator: { en: 'Operator', ru: 'Оператор' },
  frequencyPerWeek: { en: 'Sailings per week', ru: 'Рейсов в неделю' }, geometryQuality: { en: 'Geometry', ru: 'Геометрия' },
  countryA: { en: 'Country A', ru: 'Страна A' }, countryB: { en: 'Country B', ru: 'Страна B' }, modes: { en: 'Modes', ru: 'Виды транспорта' },
  gaugeChange: { en: 'Gauge change', ru: 'Смена колеи' }, gaugeA: { en: 'Gauge A, mm', ru: 'Колея A, мм' }, gaugeB: { en: 'Gauge B, mm', ru: 'Колея B, мм' },
  dwellHoursAB: { en: 'Dwell A→B, h', ru: 'Простой A→B, ч' }, dwellHoursBA: { en: 'Dwell B→A, h', ru: 'Простой B→A, ч' }, dwellSource: { en: 'Dwell source', ru: 'Источник простоя' },
  openingHours: { en: 'Opening hours', ru: 'Часы работы' }, sea: { en: 'Sea', ru: 'Море' }, maxDraftM: { en: 'Max draft, m', ru: 'Макс. осадка, м' },
  berths: { en: 'Berths', ru: 'Причалов' }, unlocode: { en: 'UN/LOCODE', ru: 'UN/LOCODE' }, countries: { en: 'Countries', ru: 'Страны' },
  yearStart: { en: 'Start year', ru: 'Год начала' }, yearEnd: { en: 'End year', ru: 'Год завершения' }, costAmount: { en: 'Cost', ru: 'Стоимость' },
  financiers: { en: 'Financiers', ru: 'Финансирование' }, citation: { en: 'Citation', ru: 'Ссылка' }, nodes: { en: 'Waypoints', ru: 'Пункты' },
  nodeA: { en: 'Node A', ru: 'Узел A' }, nodeB: { en: 'Node B', ru: 'Узел B' }, node: { en: 'Node', ru: 'Узел' },
  draftYear: { en: 'Draft year', ru: 'Год данных об осадке' }, draftSource: { en: 'Draft source', ru: 'Источник осадки' }, color: { en: 'Colour', ru: 'Цвет' },
  costCurrency: { en: 'Currency', ru: 'Валюта' }, from: { en: 'From', ru: 'Откуда' }, to: { en: 'To', ru: 'Куда' }, name_local: { en: 'Local name', ru: 'Местное название' },
  sourceId: { en: 'Source', ru: 'Источник' }, confidence: { en: 'Confidence', ru: 'Достоверность' },
  source: { en: 'Source', ru: 'Источник' }, length_source: { en: 'Length', ru: 'Длина' }, dwell_source: { en: 'Dwell', ru: 'Простой' },
  draft_source: { en: 'Draft', ru: 'Осадка' },
};

let current: Lang = 'en';

export function initialLang(): Lang {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('lang');
  if (fromUrl === 'en' || fromUrl === 'ru') return fromUrl;
  const stored = localStorage.getItem('karavan.lang');
  if (stored === 'en' || stored === 'ru') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function setLang(l: Lang): void {
  current = l;
  localStorage.setItem('karavan.lang', l);
  document.documentElement.lang = l;
}

export const lang = (): Lang => current;

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const s: string = current === 'ru' ? RU[key] : EN[key];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export function fieldName(field: string): string {
  return FIELDS[field]?.[current] ?? field;
}

export function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (Array.isArray(v)) return v.map(valueText).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  const s = String(v);
  return current === 'ru' ? VALUES_RU[s] ?? s : s.replace(/_/g, ' ');
}

/** The record's name in the current language, falling back to English. */
export function nameOf(p: Record<string, unknown>): string {
  const ru = p.name_ru, en = p.name_en;
  return String((current === 'ru' && ru ? ru : en) ?? ru ?? p.id ?? '');
}

export function applyTranslations(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as Key);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder as Key));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as Key);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria as Key));
  document.title = t('title');
}
