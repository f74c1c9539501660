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
