import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_MARKER } from '../../core/app.ts';
import { describeRun, runCli } from '../support/cli.ts';
import { ADMIN, PASSWORDS, setUpCore, userWithRole } from '../support/core.ts';

/** `bansos demo` on an existing folder, as a real process: the administrator's, nobody else's. */

type Core = Awaited<ReturnType<typeof setUpCore>>['core'];
const families = (core: Core) =>
  (core.db.sql.raw.prepare('SELECT count(*) AS n FROM households').get() as { n: number }).n;

const demo = (dataDir: string, username: string, password: string) =>
  runCli(
    ['demo', '--data', dataDir, '--user', username, '--households', '5', '--json'],
    { BANSOS_PASSWORD: password },
    { timeoutMs: 120_000 },
  );

describe('bansos demo on an existing data folder', () => {
  it('is the administrator’s: another role is refused and writes nothing, even once the demo staff exist', async () => {
    const { core, admin, dataDir } = await setUpCore();
    await userWithRole(core, admin, 'auditor');
    await userWithRole(core, admin, 'manager');

    // Refused before anything is written, on a folder without demo data...
    const first = await demo(dataDir, 'auditor1', PASSWORDS.auditor);
    expect(first.code, describeRun(first)).toBe(1);
    expect(first.stderr).toMatch(/^Gagal: Data demo hanya dapat dibuat oleh administrator/m);
    expect(families(core)).toBe(0);
    expect(existsSync(join(dataDir, DEMO_MARKER))).toBe(false);

    const made = await demo(dataDir, ADMIN.username, ADMIN.password);
    expect(made.code, describeRun(made)).toBe(0);
    expect(families(core)).toBe(5);
    expect(existsSync(join(dataDir, DEMO_MARKER))).toBe(true);

    // ...and once the demo staff exist, when nothing else would stop it writing families.
    for (const role of ['auditor', 'manager'] as const) {
      const refused = await demo(dataDir, `${role}1`, PASSWORDS[role]);
      expect(refused.code, describeRun(refused)).toBe(1);
      expect(refused.stderr).toMatch(/^Gagal: Data demo hanya dapat dibuat oleh administrator/m);
    }
    expect(families(core)).toBe(5);
    await core.close();
  }, 240_000);
});
