import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BansosCore } from '../core/app.ts';
import { scriptedDialogs } from './dialogs.ts';
import { createWebHost } from './server.ts';

// `npm run serve -- [--data DIR] [--port N]`: the app in a browser on this machine only.
const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string', default: '5780' },
    demo: { type: 'boolean', default: false },
  },
});
const dataDir = resolve(values.data ?? process.env.BANSOS_DATA ?? (values.demo ? '.data/demo' : '.data/web'));
const core = new BansosCore({
  dataDir,
  host: scriptedDialogs(resolve(dataDir, 'exports'), resolve(dataDir, 'uploads')),
});
const host = await createWebHost({
  core,
  rendererDir: resolve(import.meta.dirname, '../dist/renderer'),
  port: Number(values.port),
  launchToken: process.env.BANSOS_LAUNCH_TOKEN,
});

console.log(`Bansos Desk (web host) berjalan.
  Folder data : ${dataDir}
  Buka        : ${host.launchUrl}
Tekan Ctrl+C untuk berhenti.`);

const stop = async () => {
  await host.app.close();
  await core.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
