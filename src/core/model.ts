// The shared vocabulary of Karavan's network: every stage speaks these types.
// Units are part of field names (lengthKm, gaugeMm, speedKmh); ids are stable strings.

export const MODES = ['rail', 'road', 'ferry'] as const;
export type Mode = (typeof MODES)[number];

export const GAUGES_MM = [1520, 1435, 1000, 1067] as const;
export type GaugeMm = (typeof GAUGES_MM)[number];

export const STATUSES = ['operating', 'construction', 'planned', 'proposed', 'disused'] as const;
export type Status = (typeof STATUSES)[number];

export const CONFIDENCES = ['surveyed', 'published', 'estimated', 'inferred'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
/** Hazard figures (data/hazards) also know `unconfirmed`: a figure only unverified compilations give. Weakest last. */
export const HAZARD_CONFIDENCES = [...CONFIDENCES, 'unconfirmed'] as const;
export type HazardConfidence = (typeof HAZARD_CONFIDENCES)[number];

/** A vessel class of the Caspian fleet (data/hazards/caspian-vessels.csv): what a load limit is computed for. */
export interface VesselClass {
  id: string;
  name_en: string;
  name_ru: string | null;
  kind: string;
  lengthM: number | null;
  beamM: number | null;
  designDraftM: number;
  /** Deadweight at the design draft; null when not published (then only the tonnes lost are known). */
  deadweightT: number | null;
  /** A second published (draft, deadweight) point, e.g. the river draft of a river-sea ship. */
  draft2M: number | null;
  deadweight2T: number | null;
  source: string;
  confidence: HazardConfidence;
}

export const NODE_KINDS = ['station', 'junction', 'port', 'dry_port', 'terminal', 'border', 'city'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const SEAS = ['caspian', 'black', 'baltic', 'azov', 'white', 'barents', 'japan', 'okhotsk', 'yellow', 'east_china', 'persian_gulf', 'mediterranean', 'marmara', 'north', 'arabian', 'river'] as const;
export type Sea = (typeof SEAS)[number];

export const GEOMETRY_QUALITIES = ['schematic', 'detailed'] as const;
export type GeometryQuality = (typeof GEOMETRY_QUALITIES)[number];

export const LAYERS = ['nodes', 'links', 'crossings', 'ports', 'corridors', 'projects'] as const;
export type Layer = (typeof LAYERS)[number];

export type LonLat = [number, number];

/** Where a record comes from: "source@version#feature", e.g. "karavan-curated@2026.1#KZ-R-0012". */
export type SourceId = string;

export interface Names {
  name_en: string;
  name_ru: string | null;
  /** Name in the national language (kk, uz, az, ka, hy, …) when known. */
  name_local: string | null;
}

interface Provenance {
  sourceId: SourceId;
  confidence: Confidence;
}

export interface NetNode extends Names, Provenance {
  id: string;
  kind: NodeKind;
  country: string; // ISO 3166-1 alpha-2
  lon: number;
  lat: number;
  unlocode: string | null;
}

export interface Link extends Provenance {
  id: string;
  mode: Mode;
  from: string;
  to: string;
  geometry: LonLat[];
  geometryQuality: GeometryQuality;
  lengthKm: number;
  country: string;
  name_en: string | null;
  name_ru: string | null;
  gaugeMm: GaugeMm | null;
  tracks: number | null;
  electrified: boolean | null;
  status: Status;
  openingYear: number | null;
  closingYear: number | null;
  speedKmh: number | null;
  /** Trains per day both ways (rail), vehicles per day (road), sailings per week (ferry: see frequencyPerWeek). */
  capacityPerDay: number | null;
  capacityTonnesPerYear: number | null;
  operator: string | null;
  /** Ferry lines only: typical sailings per week in one direction. */
  frequencyPerWeek: number | null;
}

export interface Crossing extends Names, Provenance {
  id: string;
  /** The two countries, in the direction the dwell fields call A→B. */
  countryA: string;
  countryB: string;
  nodeA: string | null;
  nodeB: string | null;
  lon: number;
  lat: number;
  modes: Mode[];
  gaugeChange: boolean;
  gaugeA: GaugeMm | null;
  gaugeB: GaugeMm | null;
  dwellHoursAB: number | null;
  dwellHoursBA: number | null;
  dwellSource: string | null;
  openingHours: string | null;
  capacityPerDay: number | null;
}

export interface Port extends Names, Provenance {
  id: string;
  /** The network node that represents this port (ferry links start and end there). */
  node: string | null;
  sea: Sea;
  country: string;
  lon: number;
  lat: number;
  maxDraftM: number | null;
  draftYear: number | null;
  draftSource: string | null;
  berths: number | null;
  unlocode: string | null;
}

export interface Corridor extends Provenance {
  id: string;
  name_en: string;
  name_ru: string;
  /** Ordered waypoints (node ids); the corridor follows the network between them. */
  nodes: string[];
  color: string | null;
}

export const PROJECT_KINDS = ['new_line', 'second_track', 'electrification', 'upgrade', 'port', 'dry_port', 'border', 'road', 'ferry', 'other'] as const;
export type ProjectKind = (typeof PROJECT_KINDS)[number];

export const CHANGE_ATTRS = ['tracks', 'speedKmh', 'electrified', 'capacityPerDay', 'capacityTonnesPerYear', 'gaugeMm', 'status'] as const;
export type ChangeAttr = (typeof CHANGE_ATTRS)[number];

export const CROSSING_CHANGE_ATTRS = ['dwellHoursAB', 'dwellHoursBA', 'capacityPerDay'] as const;
export const PORT_CHANGE_ATTRS = ['maxDraftM', 'berths'] as const;

/** What a project does to the network when it opens. */
export type ProjectChange =
  | { op: 'add_link'; link: string }
  | { op: 'set'; link: string; attr: ChangeAttr; value: number | boolean | string }
  | { op: 'set_crossing'; crossing: string; attr: (typeof CROSSING_CHANGE_ATTRS)[number]; value: number }
  | { op: 'set_port'; port: string; attr: (typeof PORT_CHANGE_ATTRS)[number]; value: number };

export interface Project extends Provenance {
  id: string;
  name_en: string;
  name_ru: string;
  countries: string[];
  kind: ProjectKind;
  status: Status;
  yearStart: number | null;
  yearEnd: number | null;
  costAmount: number | null;
  costCurrency: string | null;
  financiers: string[];
  changes: ProjectChange[];
  /** Human citation: publisher, title, year. */
  citation: string;
}

export interface Records {
  nodes: NetNode[];
  links: Link[];
  crossings: Crossing[];
  ports: Port[];
  corridors: Corridor[];
  projects: Project[];
}

export function emptyRecords(): Records {
  return { nodes: [], links: [], crossings: [], ports: [], corridors: [], projects: [] };
}

export function recordCount(r: Records): number {
  return LAYERS.reduce((n, l) => n + r[l].length, 0);
}

export function formatSourceId(source: string, version: string, feature: string): SourceId {
  return `${source}@${version}#${feature}`;
}

export function parseSourceId(id: SourceId): { source: string; version: string; feature: string } {
  const at = id.indexOf('@');
  const hash = id.indexOf('#', at + 1);
  if (at < 0) return { source: id, version: '', feature: '' };
  return { source: id.slice(0, at), version: hash < 0 ? id.slice(at + 1) : id.slice(at + 1, hash), feature: hash < 0 ? '' : id.slice(hash + 1) };
}
