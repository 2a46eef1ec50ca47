import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BansosCore } from '../core/app.ts';
import { DEMO_PASSWORD, DEMO_STAFF, fillDemo } from '../core/demo/setupDemo.ts';
import { scriptedDialogs } from './dialogs.ts';
import { chromiumPdf } from '../core/reports/chromiumPdf.ts';
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
// Reports as PDF: the system's headless Chromium, started on first use, let go when idle.
const pdf = chromiumPdf({ idleCloseMs: 5 * 60_000 });
const core = new BansosCore({
  dataDir,
  host: {
    ...scriptedDialogs(resolve(dataDir, 'exports'), resolve(dataDir, 'uploads')),
    printToPdf: pdf.printToPdf,
  },
});
if (values.demo && !core.vault.initialized) {
  // First `npm run demo`: a data folder full of synthetic families, and staff accounts to try.
  console.log('Membuat data demo sintetis (sekali saja)…');
  let token: string | null = null;
  const call = async (method: string, input: unknown) => {
    const outcome = await core.dispatch(method, input, token);
    if (outcome.sessionChange?.kind === 'set') token = outcome.sessionChange.token;
    if (!outcome.result.ok) throw new Error(outcome.result.error.message);
    return outcome.result.value;
  };
  await call('setup.init', {
    username: 'admin',
    fullName: 'Administrator Demo',
    password: DEMO_PASSWORD,
    officeName: 'Dinas Sosial Kota Batu (DEMO)',
  });
  const summary = await fillDemo(core, call, Number(process.env.BANSOS_DEMO_HOUSEHOLDS ?? 1500));
  await call('auth.logout', {});
  console.log(
    `  ${summary.households} keluarga, ${summary.people} orang, ${summary.periods} periode penyaluran.`,
  );
}

const host = await createWebHost({
  core,
  rendererDir: resolve(import.meta.dirname, '../dist/renderer'),
  port: Number(values.port),
  launchToken: process.env.BANSOS_LAUNCH_TOKEN,
});

console.log(`Bansos Desk (web host) berjalan.
  Folder data : ${dataDir}
  Buka        : ${host.launchUrl}${
    values.demo
      ? `
  Akun demo   : admin, ${DEMO_STAFF.map((s) => s.username).join(', ')}
  Kata sandi  : ${DEMO_PASSWORD}   (data sintetis, bukan warga sungguhan)`
      : ''
  }
Tekan Ctrl+C untuk berhenti.`);

const stop = async () => {
  await host.app.close();
  await core.close();
  await pdf.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
