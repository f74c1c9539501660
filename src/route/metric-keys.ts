// Keys for the router's metric caches: short ids per distinct profile and overlay content (made
// once per object, so a request never serialises a profile), the overlays composed from parts, a
// metric's name that holds across processes, and the segmented LRU the caches use.
import type { Overlay } from './costing.ts';
import type { Profile, Weights } from './profile.ts';

/**
 * A profile's part of the metric cache keys: a short id per distinct content, worked out once per
 * profile object (the app hands out one object per unchanged profile file). Serialising the profile
 * into every key on every request cost more than the search. A profile must therefore not be
 * modified once routed with.
 */
const profileKeys = new WeakMap<Profile, string>();
const profileIdsByContent = new Map<string, string>();
let profileSerial = 0;
export function profileKey(p: Profile): string {
  let k = profileKeys.get(p);
  if (k === undefined) {
    const content = JSON.stringify(p);
    k = profileIdsByContent.get(content);
    if (k === undefined) {
      // The serial only grows, so an id never names two contents; a clear costs cache misses only.
      if (profileIdsByContent.size >= 256) profileIdsByContent.clear();
      k = `${p.id}#${++profileSerial}`;
      profileIdsByContent.set(content, k);
    }
    profileKeys.set(p, k);
  }
  return k;
}

/**
 * An overlay's part of the cache keys. By identity first: an overlay object is keyed once (so it
 * must not be modified once routed with, like a profile). A new small overlay (the user's options)
 * is keyed by its content, which is cheap; a new large one (an alert overlay with hundreds of
 * per-link factors: ~0.5 ms to serialise) is serialised once and given a short id per distinct
 * content, so a copy still hits. Callers that build a large overlay per request should build it
 * once per input instead (see `memoOverlay`).
 */
const overlayKeys = new WeakMap<Overlay, string>();
const overlayIdsByContent = new Map<string, string>();
let overlaySerial = 0;
const SMALL_OVERLAY_ENTRIES = 32;
function overlaySize(o: Overlay): number {
  let n = (o.modes?.length ?? 0) + (o.avoidCountries?.length ?? 0) + (o.closedLinks?.length ?? 0);
  for (const r of [o.extraDwellHours, o.linkTimeFactor, o.linkRiskAdd]) if (r) for (const _ in r) if (++n > SMALL_OVERLAY_ENTRIES) return n;
  return n;
}
export function overlayKey(o: Overlay): string {
  let k = overlayKeys.get(o);
  if (k === undefined) {
    const content = JSON.stringify(o);
    if (overlaySize(o) <= SMALL_OVERLAY_ENTRIES) k = content;
    else {
      k = overlayIdsByContent.get(content);
      if (k === undefined) {
        if (overlayIdsByContent.size >= 256) overlayIdsByContent.clear();
        k = `#${++overlaySerial}`;
        overlayIdsByContent.set(content, k);
      }
    }
    overlayKeys.set(o, k);
  }
  return k;
}

/**
 * One overlay object per (part, base overlay): `build` runs once per `part` object (e.g. the alert
 * overlay of one cache generation) and per distinct base (the user's own options, keyed by content),
 * so a request that combines them gets the object the Router has already keyed.
 */
const composed = new WeakMap<object, Map<string, Overlay>>();
export function memoOverlay(part: object, base: Overlay, build: () => Overlay): Overlay {
  let m = composed.get(part);
  if (!m) { m = new Map(); composed.set(part, m); }
  const k = overlayKey(base);
  let o = m.get(k);
  if (!o) { if (m.size >= 64) m.clear(); o = build(); m.set(k, o); }
  return o;
}

/**
 * A segmented LRU: a new entry waits in a probation segment; one used again moves to the protected
 * segment, from which only protected entries evict each other. So a burst of one-off metrics (the
 * per-alert searches of a reroute, an unreachable pair's relaxed overlays) cannot push out the
 * metrics every request uses.
 */
export class SegmentedCache<V> {
  private probation = new Map<string, V>();
  private protectedSeg = new Map<string, V>();
  constructor(private size: number, private onEvict?: (key: string) => void) {}
  get(k: string): V | undefined {
    let v = this.protectedSeg.get(k);
    if (v !== undefined) { this.protectedSeg.delete(k); this.protectedSeg.set(k, v); return v; }
    v = this.probation.get(k);
    if (v !== undefined) {
      this.probation.delete(k);
      if (this.protectedSeg.size >= this.size / 2) this.evict(this.protectedSeg);
      this.protectedSeg.set(k, v);
    }
    return v;
  }
  set(k: string, v: V): void {
    if (this.probation.size >= this.size / 2) this.evict(this.probation);
    this.probation.set(k, v);
  }
  values(): V[] { return [...this.probation.values(), ...this.protectedSeg.values()]; }
  keys(): string[] { return [...this.probation.keys(), ...this.protectedSeg.keys()]; }
  delete(k: string): void { this.probation.delete(k); this.protectedSeg.delete(k); }
  private evict(m: Map<string, V>): void {
    const k = m.keys().next().value!;
    m.delete(k);
    this.onEvict?.(k);
  }
}

/**
 * A metric's name that holds across processes (the cache keys above do not): what a saved
 * hierarchy is filed under.
 */
export function metricKey(profile: Profile, overlay: Overlay, w: Weights): string {
  return `${JSON.stringify(profile)}|${JSON.stringify(overlay)}|${JSON.stringify(w)}`;
}
