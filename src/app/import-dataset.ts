// Import use case: read and check everything first, then write once, in one transaction.
// Any error means nothing is written; every run ends with counts read / accepted / rejected.
import { hasErrors, type Issue } from '../core/issues.ts';
import { batchToRecords, readFiles, type ReadOptions } from '../ingest/read-files.ts';
import { clearNetwork, knownIds, recordImport, upsertRecords, type Db } from '../store/index.ts';

/** What every all-or-nothing ingest reports: network files here, alert files in alerts.ts. */
export interface IngestCounts {
  ok: boolean;
  files: string[];
  read: number;
  accepted: number;
  rejected: number;
  written: number;
  issues: Issue[];
}

export interface ImportOutcome extends IngestCounts {
  byLayer: Record<string, number>;
}

export interface ImportOptions extends Omit<ReadOptions, 'known'> {
  onWrite?: (done: number, total: number) => void;
  note?: string;
  /** Replace the whole network with these files (same transaction): used to refresh the bundled network. */
  replaceAll?: boolean;
}

export async function importDataset(db: Db, paths: readonly string[], opts: ImportOptions = {}): Promise<ImportOutcome> {
  const known = opts.replaceAll ? undefined : await knownIds(db);
  const r = readFiles(paths, { ...opts, known });
  const records = batchToRecords(r.batch);
  const byLayer = Object.fromEntries(Object.entries(records).map(([k, v]) => [k, v.length]));
  const outcome: ImportOutcome = { ok: false, files: r.files, read: r.read, accepted: r.accepted, rejected: r.rejected, written: 0, issues: r.issues, byLayer };
  if (hasErrors(r.issues)) return outcome;
  const total = Object.values(byLayer).reduce((a, b) => a + b, 0);
  opts.onWrite?.(0, total);
  await db.transaction(async (tx) => {
    if (opts.replaceAll) await clearNetwork(tx);
    await upsertRecords(tx, records, (done) => opts.onWrite?.(done, total));
    await recordImport(tx, r.files, r.read, r.accepted, r.rejected, opts.note ?? null);
  });
  return { ...outcome, ok: true, written: total };
}

/** Validation without a write: the same checks as import, against the store's ids when given. */
export async function validateFiles(db: Db | null, paths: readonly string[], opts: Omit<ReadOptions, 'known'> = {}) {
  const known = db ? await knownIds(db) : undefined;
  return readFiles(paths, { ...opts, known });
}
