// Entry of a route worker thread. A loader registered at run time (bin/karavan.js) is not
// inherited by worker threads, so tsx is registered here before the TypeScript module is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./route-worker.ts');
