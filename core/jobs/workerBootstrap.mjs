// Running from source: teach the worker thread TypeScript (tsx), then load the real entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
