// HTTP: GET /flows and GET /bottlenecks — the freight OD matrix assigned on the network under its
// hard capacities (the use case of `karavan assign --demand`); computed once per network version,
// demand file and options, then served from memory.
import type { FastifyInstance } from 'fastify';
import { assignNetworkFlows, demandFileForApi, flowsGeoJson, issueText, type NetworkAssignOptions } from '../app/assign-network.ts';
import { KaravanError } from '../core/issues.ts';
import type { Db } from '../store/index.ts';
import { langOf } from './errors.ts';

type Query = Record<string, unknown>;

function str(q: Query, key: string): string | undefined {
  const v = q[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new KaravanError('OPTION_INVALID', { option: key, field: key, value: JSON.stringify(v), allowed: 'a string' });
  return v;
}

function options(q: Query): NetworkAssignOptions {
  const top = str(q, 'top');
  const n = top === undefined ? 20 : Number(top);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new KaravanError('OPTION_INVALID', { option: 'top', field: 'top', value: top, allowed: 'an integer 1..1000' });
  return { demand: demandFileForApi(str(q, 'demand')), profile: str(q, 'profile'), year: str(q, 'year'), modes: str(q, 'modes'), top: n };
}

export function registerFlowRoutes(app: FastifyInstance, db: Db): void {
  app.get('/flows', async (req) => {
    const q = req.query as Query;
    const r = await assignNetworkFlows(db, options(q), 'http');
    if (q.format === 'geojson') return flowsGeoJson(db, r);
    const { bottlenecks: _b, issues, ...rest } = r;
    return { ...rest, issues: issues.map((i) => issueText(i, langOf(req))) };
  });
  app.get('/bottlenecks', async (req) => {
    const r = await assignNetworkFlows(db, options(req.query as Query), 'http');
    return {
      demandFile: r.demandFile, profile: r.profile, units: r.units, converged: r.converged, overflow: r.overflow,
      bottlenecks: r.bottlenecks, issues: r.issues.map((i) => issueText(i, langOf(req))),
    };
  });
}
