// The browser's only door to the server. Errors come back as the API's JSON
// {code, message, field, value, limit}, with the message in the UI language.
import { lang } from './i18n.ts';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field: unknown = null) {
    super(message);
  }
}

export async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers: { accept: 'application/json', 'accept-language': lang(), ...(init.headers ?? {}) } });
  } catch (e) {
    throw new ApiError(0, 'NETWORK', (e as Error).message);
  }
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, 'BAD_RESPONSE', `${res.status} ${res.statusText}: ${text.slice(0, 200)}`);
  }
  if (!res.ok) {
    const b = (body ?? {}) as { code?: string; message?: string; field?: unknown };
    throw new ApiError(res.status, b.code ?? String(res.status), b.message ?? `${res.status} ${res.statusText}`, b.field ?? null);
  }
  return body as T;
}

export interface Feature { type: 'Feature'; id: string; geometry: { type: string; coordinates: unknown } | null; properties: Record<string, unknown> }
export interface FeatureCollection { type: 'FeatureCollection'; features: Feature[]; links?: { rel: string; href: string }[] }

export const getFeature = (collection: string, id: string) => getJson<Feature>(`/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(id)}`);

/** Every feature of a collection, following `next` links (OGC paging). */
export async function getAllFeatures(collection: string): Promise<Feature[]> {
  const out: Feature[] = [];
  let url: string | null = `/collections/${encodeURIComponent(collection)}/items?limit=1000`;
  while (url) {
    const page: FeatureCollection = await getJson<FeatureCollection>(url);
    out.push(...page.features);
    const next = page.links?.find((l) => l.rel === 'next');
    url = next ? new URL(next.href, location.origin).pathname + new URL(next.href, location.origin).search : null;
  }
  return out;
}
