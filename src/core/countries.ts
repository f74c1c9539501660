// ISO 3166-1 alpha-2 codes, and names in English and Russian for the countries Karavan maps.

const ISO_ALPHA2 = new Set(
  ('AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
    'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
    'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
    'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
    'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
    'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
    'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW').split(' '),
);

export function isCountryCode(code: unknown): code is string {
  return typeof code === 'string' && ISO_ALPHA2.has(code);
}

/** CIS member states and participants the mission names (the coverage targets of the bundled data). */
export const MEMBER_STATES = ['AM', 'AZ', 'BY', 'KZ', 'KG', 'MD', 'RU', 'TJ', 'TM', 'UZ', 'GE'] as const;

export const COUNTRY_NAMES: Record<string, { en: string; ru: string }> = {
  AM: { en: 'Armenia', ru: 'Армения' },
  AZ: { en: 'Azerbaijan', ru: 'Азербайджан' },
  BY: { en: 'Belarus', ru: 'Беларусь' },
  KZ: { en: 'Kazakhstan', ru: 'Казахстан' },
  KG: { en: 'Kyrgyzstan', ru: 'Киргизия' },
  MD: { en: 'Moldova', ru: 'Молдова' },
  RU: { en: 'Russia', ru: 'Россия' },
  TJ: { en: 'Tajikistan', ru: 'Таджикистан' },
  TM: { en: 'Turkmenistan', ru: 'Туркменистан' },
  UZ: { en: 'Uzbekistan', ru: 'Узбекистан' },
  GE: { en: 'Georgia', ru: 'Грузия' },
  UA: { en: 'Ukraine', ru: 'Украина' },
  CN: { en: 'China', ru: 'Китай' },
  MN: { en: 'Mongolia', ru: 'Монголия' },
  IR: { en: 'Iran', ru: 'Иран' },
  TR: { en: 'Turkey', ru: 'Турция' },
  AF: { en: 'Afghanistan', ru: 'Афганистан' },
  PK: { en: 'Pakistan', ru: 'Пакистан' },
  PL: { en: 'Poland', ru: 'Польша' },
  DE: { en: 'Germany', ru: 'Германия' },
  LT: { en: 'Lithuania', ru: 'Литва' },
  LV: { en: 'Latvia', ru: 'Латвия' },
  EE: { en: 'Estonia', ru: 'Эстония' },
  FI: { en: 'Finland', ru: 'Финляндия' },
  RO: { en: 'Romania', ru: 'Румыния' },
  BG: { en: 'Bulgaria', ru: 'Болгария' },
  NL: { en: 'Netherlands', ru: 'Нидерланды' },
  MC: { en: 'Monaco', ru: 'Монако' },
  FR: { en: 'France', ru: 'Франция' },
  IT: { en: 'Italy', ru: 'Италия' },
};

export function countryName(code: string, lang: 'en' | 'ru'): string {
  return COUNTRY_NAMES[code]?.[lang] ?? code;
}

/**
 * Bounding boxes [minLon, minLat, maxLon, maxLat] of the countries the network covers, from Natural
 * Earth 1:50m as bundled (clipped to lon 20..135, lat 25..72) and padded by 0.5°. Used only to catch
 * swapped coordinates (a point outside its country whose swap falls inside), never to reject a
 * point on its own: the clip makes some boxes too small (western Poland, eastern Russia).
 */
export const COUNTRY_BBOX: Readonly<Record<string, readonly [number, number, number, number]>> = {
  AF: [59.9, 28.8, 75.4, 39],
  AM: [42.9, 38.3, 47.1, 41.8],
  AZ: [44.2, 37.8, 50.9, 42.4],
  BG: [21.8, 40.7, 29.1, 44.8],
  BY: [22.6, 50.7, 33.3, 56.7],
  CN: [73.1, 24.5, 135.3, 54.1],
  EE: [21.3, 57, 28.7, 60.2],
  FI: [20.1, 59.3, 32.1, 70.6],
  GE: [39.4, 40.5, 47.2, 44.1],
  IN: [68.9, 24.5, 97.9, 36],
  IR: [43.5, 24.6, 63.9, 40.3],
  KG: [68.7, 38.7, 80.8, 43.8],
  KZ: [46.1, 40.1, 87.9, 55.9],
  LT: [20.3, 53.3, 27.3, 57],
  LV: [20.5, 55.1, 28.8, 58.6],
  MD: [26.1, 44.9, 30.7, 49],
  MN: [87.2, 41, 120.4, 52.7],
  PK: [60.3, 24.5, 77.6, 37.6],
  PL: [19.5, 48.5, 24.7, 55],
  RO: [19.7, 43.1, 30.3, 48.8],
  RU: [19.5, 40.6, 135.5, 72.5],
  TJ: [66.8, 36.1, 75.7, 41.6],
  TM: [51.9, 34.6, 67.2, 43.3],
  TR: [25.1, 35.3, 45.4, 42.6],
  UA: [21.6, 44.7, 40.7, 52.9],
  UZ: [55.4, 36.6, 73.7, 46.1],
};

const inBox = (b: readonly [number, number, number, number], lon: number, lat: number) => lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];

/** True when [lon, lat] lies outside `country` but [lat, lon] lies inside it: the classic swap. */
export function looksSwapped(country: string, lon: number, lat: number): boolean {
  const b = COUNTRY_BBOX[country];
  return b !== undefined && !inBox(b, lon, lat) && inBox(b, lat, lon);
}
