import type { MessageGroup } from './types.ts';

// The network build (records → graph) and the route planner: refused requests, adjustments said out
// loud (warnings), and the reasons a pair is unreachable.
export const routeMessages: MessageGroup = {
  NETWORK_LINK_NODE_MISSING: { severity: 'warning', en: 'link {link} refers to node {node}, which does not exist; the link is left out of the routing graph', ru: 'участок {link} ссылается на несуществующий узел {node}; участок не включён в граф маршрутизации' },
  NETWORK_GAUGE_ASSUMED: { severity: 'warning', en: 'rail link {link} has gauge {value}; routed as 1520 mm', ru: 'ж/д участок {link} имеет колею {value}; маршрутизируется как 1520 мм' },
  NETWORK_LENGTH_INVALID: { severity: 'warning', en: 'link {link} has length {value} km; the great-circle length is used', ru: 'участок {link} имеет длину {value} км; используется длина по дуге большого круга' },
  ROUTE_PROFILE_INVALID: { severity: 'error', en: '{file!}: field {field}: {value} is not valid; expected {expected!}', ru: '{file!}: поле {field}: значение {value} недопустимо; ожидается {expected!}' },
  ROUTE_PROFILE_UNKNOWN: { severity: 'error', en: 'option {option!}: profile {value} not found; allowed: {allowed!}', ru: 'параметр {option!}: профиль {value} не найден; допустимо: {allowed!}' },
  ROUTE_PLACE_NOT_FOUND: { severity: 'error', en: 'option {option!}: no place, UN/LOCODE or node id matches {value}', ru: 'параметр {option!}: {value} не совпадает ни с одним местом, кодом UN/LOCODE или id узла' },
  ROUTE_PLACE_AMBIGUOUS: { severity: 'error', en: 'option {option!}: {value} matches several places: {candidates!}; give a node id or a UN/LOCODE', ru: 'параметр {option!}: {value} подходит к нескольким местам: {candidates!}; укажите id узла или код UN/LOCODE' },
  ROUTE_SNAP_TOO_FAR: { severity: 'error', en: 'option {option!}: no network node within {limit!} km of {value}', ru: 'параметр {option!}: в радиусе {limit!} км от {value} нет узлов сети' },
  ROUTE_SNAPPED: { severity: 'warning', en: '{option!}: {value} snapped to {node} ({name!}), {km!} km away', ru: '{option!}: точка {value} привязана к узлу {node} ({name!}) на расстоянии {km!} км' },
  ROUTE_PLACE_READ_AS: { severity: 'warning', en: '{option!}: {value} read as {name!} ({node}); other matches: {others!}', ru: '{option!}: {value} понято как {name!} ({node}); другие совпадения: {others!}' },
  ROUTE_BORDER_DEFAULT_DWELL: { severity: 'warning', en: 'no crossing record for border link {link} ({from!} → {to!}); the profile default dwell of {hours!} h is used', ru: 'нет данных о пункте пропуска для участка {link} ({from!} → {to!}); использован простой по профилю {hours!} ч' },
  ROUTE_BORDER_NO_DWELL: { severity: 'warning', en: 'crossing {crossing} has no dwell time for {from!} → {to!}; the profile default of {hours!} h is used', ru: 'для пункта пропуска {crossing} нет времени простоя в направлении {from!} → {to!}; использован простой по профилю {hours!} ч' },
  ROUTE_ALTERNATIVES_FEWER: { severity: 'warning', en: 'only {found!} of {asked!} routes differ enough (shared km ≤ {overlapPct!} %, cost ≤ {stretch!} × the best, no needless detour)', ru: 'достаточно различных маршрутов только {found!} из {asked!} (общих км ≤ {overlapPct!} %, стоимость ≤ {stretch!} × лучшей, без лишнего крюка)' },
  ROUTE_PARETO_BOUND: { severity: 'warning', en: 'the Pareto search reached its label bound of {limit!} labels; the set shown may be incomplete', ru: 'поиск Парето достиг предела {limit!} меток; показанное множество может быть неполным' },
  ROUTE_PROJECTS_APPLIED: { severity: 'warning', en: 'year {year!}: projects applied: {projects!}', ru: '{year!} год: учтены проекты: {projects!}' },
  ROUTE_UNREACHABLE_DISCONNECTED: { severity: 'error', en: '{from!} → {to!}: the network has no connection between them, whatever the options', ru: '{from!} → {to!}: в сети нет связи между ними ни при каких параметрах' },
  ROUTE_UNREACHABLE_MODES: { severity: 'error', en: '{from!} → {to!}: no route with modes {modes!}; one exists when {mode!} is allowed (first needed: {link}, from {near!})', ru: '{from!} → {to!}: нет маршрута видами транспорта {modes!}; маршрут есть, если разрешить {mode!} (первый нужный участок: {link}, от {near!})' },
  ROUTE_UNREACHABLE_AVOID: { severity: 'error', en: '{from!} → {to!}: every route passes through {countries!}, which are avoided', ru: '{from!} → {to!}: все маршруты проходят через {countries!}, которые исключены' },
  ROUTE_UNREACHABLE_YEAR: { severity: 'error', en: '{from!} → {to!}: no route in the network of {year!}; one exists in today\'s network', ru: '{from!} → {to!}: нет маршрута в сети {year!} года; в текущей сети маршрут есть' },
  ROUTE_UNREACHABLE_TRANSFERS: { severity: 'error', en: '{from!} → {to!}: every route needs more than {max!} transshipments (gauge changes count)', ru: '{from!} → {to!}: каждому маршруту нужно больше {max!} перегрузок (смены колеи учитываются)' },
  ROUTE_UNREACHABLE_CLOSED: { severity: 'error', en: '{from!} → {to!}: no route with the closed links {links!}', ru: '{from!} → {to!}: нет маршрута при закрытых участках {links!}' },
  ROUTE_UNREACHABLE_COMBINED: { severity: 'error', en: '{from!} → {to!}: no route under these options together; each alone leaves a route', ru: '{from!} → {to!}: нет маршрута при этих параметрах вместе; по отдельности маршрут есть' },
  ROUTE_SNAPSHOT_MISMATCH: { severity: 'error', en: 'snapshot {file!}: format {found!}, data {foundHash!}; this build reads format {expected!}, data {expectedHash!}: rebuild the snapshot', ru: 'снимок {file!}: формат {found!}, данные {foundHash!}; требуется формат {expected!}, данные {expectedHash!}: пересоздайте снимок' },
  ROUTE_SNAPSHOT_INVALID: { severity: 'error', en: 'snapshot {file!} is not a Karavan graph snapshot: {reason!}', ru: 'файл {file!} не является снимком графа Karavan: {reason!}' },
  ROUTE_TIMEOUT: { severity: 'error', en: 'the search ran longer than {limit!} ms and was stopped; narrow the request (fewer alternatives, no --pareto, fewer places)', ru: 'поиск шёл дольше {limit!} мс и был остановлен; сузьте запрос (меньше альтернатив, без --pareto, меньше мест)' },
  ROUTE_NO_NETWORK: { severity: 'error', en: 'the store holds no routable links: import a dataset or run `npm run data:build`', ru: 'в хранилище нет участков для маршрутизации: импортируйте данные или выполните `npm run data:build`' },
};
