import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setUpCore } from '../../tests/support/core.ts';
import type { Lease } from './threadPool.ts';

describe('jobs', () => {
  it('runs a backup in a worker thread with progress events, and audits it', async () => {
    const { core, admin, files } = await setUpCore();
    const progress: number[] = [];
    core.onEvent((_user, event, payload) => {
      if (event === 'job.progress' && 'fraction' in payload) progress.push(payload.fraction);
    });
    const chosen = await admin.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'kantor.bansos-backup',
    });
    expect(chosen?.name).toBe('kantor.bansos-backup');
    const { jobId } = await admin.ok('backup.start', { target: chosen!.handle });
    const done = await core.jobs.wait(jobId);
    expect(done).toMatchObject({ state: 'done', fraction: 1, kind: 'backup' });
    expect(progress.at(-1)).toBe(1);
    expect(progress.length).toBeGreaterThan(1);
    const file = readFileSync(join(files, 'kantor.bansos-backup'));
    expect(file.subarray(0, 13).toString()).toBe('BANSOS-BACKUP');
    expect((await admin.ok('jobs.list', {})).map((j) => j.id)).toContain(jobId);
    const actions = (await admin.ok('audit.list', { limit: 5 })).entries.map((e) => e.action);
    expect(actions).toContain('backup.create');
    await core.close();
  });

  it('refuses a file handle the user did not choose', async () => {
    const { core, admin } = await setUpCore();
    expect(await admin.call('backup.start', { target: 'fh_notAHandleThatWasGranted' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    await core.close();
  });

  it('cancels a running job and leaves the database as it was', async () => {
    const { core, admin } = await setUpCore();
    // A long audit chain gives the verify job something to chew on.
    core.db.write({ userId: null, username: 'bench' }, (changes) => {
      for (let i = 0; i < 60_000; i++) changes.note('test.bulk', 'thing', String(i));
    });
    const before = (core.db.sql.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const me = (await admin.ok('auth.me', {})).user;
    const id = core.jobs.start(
      'audit.verify',
      {},
      {
        owner: me.id,
        actor: { userId: me.id, username: me.username },
        dbPath: core.dir.dbPath,
        key: core.key,
      },
    );
    await admin.ok('jobs.cancel', { jobId: id });
    const view = await core.jobs.wait(id);
    expect(view.state).toBe('cancelled');
    expect(view.error?.message).toContain('Tidak ada data yang berubah');
    const after = (core.db.sql.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    expect(after).toBe(before);
    await core.close();
  });

  it('replaces a job thread that was killed: the database is as it was, and the next job runs', async () => {
    const { core, admin } = await setUpCore();
    core.db.write({ userId: null, username: 'bench' }, (changes) => {
      for (let i = 0; i < 60_000; i++) changes.note('test.bulk', 'thing', String(i));
    });
    const count = () =>
      (core.db.sql.raw.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
    const before = count();
    const { jobId } = await admin.ok('audit.verify', {});
    // The fault comes from the rig: the thread is killed mid-job, as the watchdog or a crash would.
    const running = (core.jobs as unknown as { jobs: Map<string, { lease: Lease }> }).jobs.get(jobId)!;
    await running.lease.kill();
    const killed = await core.jobs.wait(jobId);
    expect(killed.state).toBe('failed');
    expect(killed.error?.message).toContain('Tidak ada data yang berubah');
    expect(count()).toBe(before);
    const next = await admin.ok('audit.verify', {});
    expect(await core.jobs.wait(next.jobId)).toMatchObject({ state: 'done', result: { ok: true } });
    await core.close();
  });

  it('cleans up a half-written backup when the job fails', async () => {
    const { core, admin, files } = await setUpCore();
    const chosen = await admin.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'tidak-ada-folder.bansos-backup',
    });
    // Point the grant at a folder that does not exist: VACUUM INTO fails inside the worker.
    const target = join(files, 'hilang', 'x.bansos-backup');
    (core.files as unknown as { grants: Map<string, { path: string }> }).grants.get(chosen!.handle)!.path =
      target;
    const { jobId } = await admin.ok('backup.start', { target: chosen!.handle });
    const view = await core.jobs.wait(jobId);
    expect(view.state).toBe('failed');
    expect(view.error?.message).toMatch(/Tidak ada data yang berubah|tak terduga/);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.partial-db`)).toBe(false);
    await core.close();
  });
});

describe('backups carry attachments', () => {
  it('restores encrypted attachment files with the database', async () => {
    const { restoreBackup } = await import('../backup/restore.ts');
    const { BansosCore } = await import('../app.ts');
    const { Client, ADMIN, folderDialogs, userWithRole } = await import('../../tests/support/core.ts');
    const { tempDir } = await import('../../tests/support/tempDir.ts');
    const { core, admin, files } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value } = await officer.ok('households.create', {
      household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006' },
      members: [
        {
          nik: '3579011205800001',
          name: 'Budi Santoso',
          sex: 'L',
          birthDate: '1980-05-12',
          relationship: 'kepala_keluarga',
        },
      ],
    });
    await officer.ok('verification.createWorklist', { desaCode: '35.79.01.2006', source: 'semua' });
    const [v] = await officer.ok('verification.list', { householdId: value.id });
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.from('gambar rumah'),
    ]);
    const att = await officer.ok('attachments.add', {
      ownerEntity: 'verifications',
      ownerId: v!.id,
      fileName: 'rumah.png',
      mime: 'image/png',
      dataBase64: png.toString('base64'),
    });
    const chosen = await admin.ok('files.chooseSave', {
      purpose: 'backup',
      suggestedName: 'dengan-lampiran.bansos-backup',
    });
    const { jobId } = await admin.ok('backup.start', { target: chosen!.handle });
    expect((await core.jobs.wait(jobId)).state).toBe('done');
    await core.close();

    const target = join(tempDir(), 'pulih');
    await restoreBackup(join(files, 'dengan-lampiran.bansos-backup'), target, {
      username: 'admin',
      password: ADMIN.password,
    });
    const restored = new BansosCore({ dataDir: target, host: folderDialogs(tempDir()), kdfCost: 'test' });
    const client = new Client(restored);
    await client.ok('auth.login', {
      username: 'officer1',
      password: (await import('../../tests/support/core.ts')).PASSWORDS.officer,
    });
    expect((await client.ok('attachments.get', { id: att.id })).dataBase64).toBe(png.toString('base64'));
    await restored.close();
  });

  it('computes for a waiting request without progress events, keeping the failure and its fields', async () => {
    const { core, admin } = await setUpCore();
    const events: unknown[] = [];
    core.onEvent((_user, event, payload) => {
      if (event === 'job.progress') events.push(payload);
    });
    const me = (await admin.ok('auth.me', {})).user;
    const context = {
      owner: me.id,
      actor: { userId: me.id, username: me.username },
      dbPath: core.dir.dbPath,
      key: core.key,
    };
    const report = await core.jobs.compute<{ ok: boolean; entries: number }>('audit.verify', {}, context);
    expect(report).toMatchObject({ ok: true });
    expect(report.entries).toBeGreaterThan(0);
    const scope = { desaCodes: null, readSpecific: false, userId: me.id, username: me.username };
    const failure = core.jobs.compute(
      'reports.model',
      {
        scope,
        now: new Date().toISOString(),
        username: me.username,
        task: { kind: 'prepare', params: { report: 'data-saya', nik: '3579010101010001' } },
      },
      context,
    );
    await expect(failure).rejects.toMatchObject({ code: 'NOT_FOUND', fields: [{ path: 'params.nik' }] });
    expect(events).toEqual([]);
    // Nothing of these stays behind in the job list.
    expect(await admin.ok('jobs.list', {})).toEqual([]);
    await core.close();
  });

  it('forgets finished jobs after half an hour', async () => {
    let now = new Date('2026-11-28T08:00:00Z');
    const { core, admin } = await setUpCore({ clock: () => now });
    const verify = async () => {
      const { jobId } = await admin.ok('audit.verify', {});
      await core.jobs.wait(jobId);
      return jobId;
    };
    // Ten minutes at a time, with a call each: the session would lock after fifteen idle ones.
    const later = async (time: string) => {
      now = new Date(`2026-11-28T${time}:00Z`);
      await admin.ok('auth.me', {});
    };
    const first = await verify();
    await later('08:10');
    await later('08:20');
    const second = await verify();
    expect((await admin.ok('jobs.list', {})).map((j) => j.id)).toEqual([first, second]);
    await later('08:30');
    await later('08:40');
    await later('08:45');
    const third = await verify();
    expect((await admin.ok('jobs.list', {})).map((j) => j.id)).toEqual([second, third]);
    await core.close();
  });
});
