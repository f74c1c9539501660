// The node-id convention `<CC>-<NAME>` (ASCII capitals, digits and dashes), checked as a warning.
import { isCountryCode } from '../../core/countries.ts';
import type { Cells } from './fields.ts';

const ID_CHARS = /^[A-Za-z0-9_.:-]{1,80}$/;
const NODE_ID = /^[A-Z]{2}-[A-Z0-9]+(-[A-Z0-9]+)*$/;

/** Errors for ids no tool can carry; warnings for ids that break the naming convention. */
export function checkId(c: Cells, id: string, folderCountry: string): void {
  if (!ID_CHARS.test(id)) {
    c.report('ID_INVALID', 'id', { value: id });
    return;
  }
  if (!NODE_ID.test(id)) c.report('ID_CONVENTION', 'id', { value: id, reason: 'expected <CC>-<NAME> in ASCII capitals, digits and single dashes' });
  else if (!isCountryCode(id.slice(0, 2))) c.report('ID_CONVENTION', 'id', { value: id, reason: `${id.slice(0, 2)} is not a country code` });
  else if (id.slice(0, 2) !== folderCountry) c.report('ID_CONVENTION', 'id', { value: id, reason: `the id's country is not the folder's (${folderCountry})` });
}

export function checkPlainId(c: Cells, id: string): void {
  if (!ID_CHARS.test(id)) c.report('ID_INVALID', 'id', { value: id });
}
