import type { MessageGroup } from './types.ts';

// Bad requests and bad usage: CLI exit 2, HTTP 4xx.
export const usageMessages: MessageGroup = {
  OPTION_INVALID: { severity: 'error', en: 'option {option!}: {value} is not valid; allowed: {allowed!}', ru: 'параметр {option!}: значение {value} недопустимо; допустимо: {allowed!}' },
  OPTION_REQUIRED: { severity: 'error', en: 'option {option!} is required', ru: 'параметр {option!} обязателен' },
  ARGUMENT_MISSING: { severity: 'error', en: 'missing argument {name!}', ru: 'не указан аргумент {name!}' },
  NOT_FOUND: { severity: 'error', en: '{what!} {value} not found', ru: '{what_ru!} {value} не найден(а)' },
  BODY_INVALID: { severity: 'error', en: 'request body: {reason!}', ru: 'тело запроса: {reason!}' },
  BBOX_INVALID: { severity: 'error', en: 'bbox {value} must be minLon,minLat,maxLon,maxLat with minLon ≤ maxLon and minLat ≤ maxLat', ru: 'bbox {value} должен иметь вид minLon,minLat,maxLon,maxLat, где minLon ≤ maxLon и minLat ≤ maxLat' },
  LIMIT_EXCEEDED: { severity: 'error', en: '{field!} {value} exceeds the limit {limit!}', ru: '{field!} {value} превышает предел {limit!}' },
  STORE_UNAVAILABLE: { severity: 'error', en: 'the database is not available: {reason!}', ru: 'база данных недоступна: {reason!}' },
  PORT_IN_USE: { severity: 'error', en: 'cannot listen on {host!}:{port!}: the address is in use (another server?); choose another with --port or PORT', ru: 'не удаётся занять {host!}:{port!}: адрес уже используется (другой сервер?); укажите другой через --port или PORT' },
  INTERNAL: { severity: 'error', en: 'internal error (request {requestId!}); the server keeps running', ru: 'внутренняя ошибка (запрос {requestId!}); сервер продолжает работу' },
};
