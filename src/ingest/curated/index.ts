// Front door of the curated-data build: CSV tree → Records + issues → canonical GeoJSON texts.
import { featureCollectionText } from '../../core/features.ts';
import { LAYERS, type Layer, type Records } from '../../core/model.ts';

export { buildCurated, SOURCE_NAME, type BuildInput, type BuildResult, type CuratedFile } from './build.ts';
export { loadGazetteer, packageVersion, readCuratedTree } from './inputs.ts';
export { renderReport, kmByCountry, coverageMarkdown, withCoverage } from './report.ts';
export { largestComponentShares, adjacency, findPath, operatingRail, notDisused } from '../../core/connectivity.ts';

/** One canonical GeoJSON text per layer (records are already sorted by id). */
export function networkTexts(records: Records): Record<Layer, string> {
  return Object.fromEntries(LAYERS.map((l) => [l, featureCollectionText(l, records[l])])) as Record<Layer, string>;
}
