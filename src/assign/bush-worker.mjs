// Entry of an assignment worker thread: tsx is registered here (a loader registered at run time
// is not inherited by worker threads) before the TypeScript module is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./bush-worker.ts');
