// Entry of a benchmark worker thread: registers tsx in this thread (loader hooks do not cross into
// workers), then loads the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./stats-thread.ts');
