import type { MessageGroup } from './types.ts';

// Traffic assignment: problems in TNTP network, trip and flow files, and in the assignment itself.
export const assignMessages: MessageGroup = {
  TNTP_METADATA_BAD: { severity: 'error', en: 'metadata <{key!}>: {value} is not {expected!}', ru: 'метаданные <{key!}>: {value} — не {expected_ru!}' },
  TNTP_METADATA_MISSING: { severity: 'warning', en: 'metadata <{key!}> is missing; assuming {value}', ru: 'метаданные <{key!}> отсутствуют; принято {value}' },
  TNTP_COLUMNS: { severity: 'error', en: 'the row has {count!} columns, at least {expected!} are needed ({names!})', ru: 'в строке {count!} столбцов, нужно не меньше {expected!} ({names!})' },
  TNTP_NUMBER: { severity: 'error', en: 'column {column!}: {value} is not {expected!}', ru: 'столбец {column!}: {value} — не {expected_ru!}' },
  TNTP_NODE_RANGE: { severity: 'error', en: 'node {value} is outside 1..{max!}', ru: 'узел {value} вне диапазона 1..{max!}' },
  TNTP_COUNT_MISMATCH: { severity: 'warning', en: 'the header says {expected!} {what!}, the file has {count!}', ru: 'в заголовке указано {what_ru!}: {expected!}, в файле: {count!}' },
  TNTP_CAPACITY_ASSUMED: { severity: 'warning', en: 'capacity {value} is not positive: B is taken as already divided by capacity^power', ru: 'пропускная способность {value} не положительна: B считается уже делённым на capacity^power' },
  TNTP_NO_LINKS: { severity: 'error', en: 'the network file has no links', ru: 'в файле сети нет звеньев' },
  TNTP_TRIPS_SYNTAX: { severity: 'error', en: 'cannot read {value} as "destination : flow"', ru: 'не удаётся прочитать {value} как «назначение : поток»' },
  TNTP_TRIPS_NO_ORIGIN: { severity: 'error', en: 'demand given before any "Origin" line', ru: 'спрос указан до первой строки «Origin»' },
  TNTP_NOT_ZONE: { severity: 'error', en: 'node {value} is not a zone (zones are 1..{zones!})', ru: 'узел {value} не является зоной (зоны 1..{zones!})' },
  TNTP_DEMAND_NEGATIVE: { severity: 'error', en: 'demand {value} from {origin!} to {destination!} is negative', ru: 'спрос {value} из {origin!} в {destination!} отрицателен' },
  TNTP_DEMAND_DUPLICATE: { severity: 'warning', en: 'demand from {origin!} to {destination!} is given twice; the values are added', ru: 'спрос из {origin!} в {destination!} указан дважды; значения сложены' },
  TNTP_TOTAL_MISMATCH: { severity: 'warning', en: 'the header says a total OD flow of {expected!}, the rows sum to {count!}', ru: 'в заголовке общий спрос {expected!}, сумма строк {count!}' },
  TNTP_LINK_DUPLICATE: { severity: 'warning', en: 'link {from!}→{to!} appears twice (first at line {first!}); both are kept as parallel links', ru: 'звено {from!}→{to!} встречается дважды (впервые в строке {first!}); оба сохранены как параллельные' },
  ASSIGN_UNREACHABLE: { severity: 'error', en: 'no path from zone {origin!} to zone {destination!} for demand {value}', ru: 'нет пути из зоны {origin!} в зону {destination!} для спроса {value}' },
  ASSIGN_ZONES_MISMATCH: { severity: 'error', en: 'the trip file has {count!} zones, the network {expected!}', ru: 'в файле поездок {count!} зон, в сети {expected!}' },
  ASSIGN_NOT_CONVERGED: { severity: 'warning', en: 'stopped at relative gap {value} after {iterations!} iterations ({reason!}); the target was {target!}', ru: 'остановлено при относительном разрыве {value} после {iterations!} итераций ({reason!}); цель была {target!}' },
  ASSIGN_CAPACITY_OVERFLOW: { severity: 'warning', en: 'hard capacities: a link still carries {value} more than its capacity after {iterations!} multiplier updates (accepted: {target!}); the demand may not fit', ru: 'жёсткие пропускные способности: звено всё ещё перегружено на {value} после {iterations!} обновлений множителей (допустимо: {target!}); спрос может не помещаться' },
  ASSIGN_OD_DROPPED: { severity: 'warning', en: 'no path from {origin!} to {destination!} with profile {profile!}: {value} t/yr of demand left out', ru: 'нет пути из {origin!} в {destination!} для профиля {profile!}: {value} т/год спроса не распределено' },
  ASSIGN_DEMAND_REJECTED: { severity: 'error', en: '{file!}: {count!} errors in the OD matrix, the first: {first!}', ru: '{file!}: ошибок в матрице OD: {count!}, первая: {first!}' },
};
