import { CONFIDENCES, type Confidence } from '../../core/model.ts';

/** The less certain of two confidences (CONFIDENCES runs from most to least certain). */
export function weaker(a: Confidence, b: Confidence): Confidence {
  return CONFIDENCES.indexOf(a) >= CONFIDENCES.indexOf(b) ? a : b;
}
