import { describe, expect, it } from 'vitest';
import type { BansosCore } from '../../core/app.ts';
import { ADMIN, Client, PASSWORDS, setUpCore, userWithRole } from '../support/core.ts';

/**
 * Issue 12, "UU PDP: retention is promised, so build it": a family removed longer ago than the
 * office's retention setting loses its personal data everywhere the workstation holds it (rows,
 * search index, audit trail, sync outbox), what reports count stays, the audit chain still
 * verifies, and a forged "redaction" does not.
 */
const BUDI = { nik: '3579011205800001', name: 'Budi Santosa Wirajaya' };
const SITI = { nik: '3579014506850002', name: 'Siti Aminah Larasati' };
const KK = '3579012003150004';
const ILLNESS = 'Diabetes melitus tipe dua';
const KEPT = { nik: '3579010101700003', name: 'Joko Prasetyo Utomo' };
const NUMBERS = { bankAccount: '987654321012', phoneNumber: '081398765432', kksNumber: '6013019876543210' };

class Clock {
  constructor(public at: Date) {}
  readonly now = () => this.at;
}

async function family(
  officer: Client,
  kk: string,
  people: { nik: string; name: string }[],
  illness?: string,
) {
  const created = await officer.ok('households.create', {
    household: { kkNumber: kk, desaCode: '35.79.01.2006', rt: '2', rw: '5', address: 'Jl. Kartika 12' },
    members: people.map((p, i) => ({
      nik: p.nik,
      name: p.name,
      sex: i === 0 ? ('L' as const) : ('P' as const),
      birthDate: i === 0 ? '1980-05-12' : '1985-06-05',
      relationship: i === 0 ? 'kepala_keluarga' : 'istri',
      // Specific data of issue 15 too: bank account, phone and KKS card numbers.
      ...(illness && i === 0 ? { chronicIllness: illness, ...NUMBERS } : {}),
    })),
  });
  return created.value.id;
}

/** After the clock jumps, sessions have idled out: the user logs in again. */
async function login(core: BansosCore, username: string, password: string): Promise<Client> {
  const client = new Client(core);
  await client.ok('auth.login', { username, password });
  return client;
}

async function world() {
  const clock = new Clock(new Date('2019-02-01T03:00:00Z'));
  const { core, admin } = await setUpCore({ clock: clock.now });
  let officer = await userWithRole(core, admin, 'officer');
  const purged = await family(officer, KK, [BUDI, SITI], ILLNESS);
  const complained = await family(officer, '3579012003150005', [
    { nik: '3579011205800006', name: 'Ahmad Fauzi Ramadhan' },
  ]);
  await officer.ok('complaints.create', {
    kind: 'keluhan',
    channel: 'datang_langsung',
    reporterName: 'Warga Pelapor',
    householdId: complained,
    subject: 'Bantuan belum diterima',
  });
  const kept = await family(officer, '3579012003150007', [KEPT]);
  clock.at = new Date('2019-02-02T03:00:00Z');
  officer = await login(core, 'officer1', PASSWORDS.officer);
  for (const id of [purged, complained])
    await officer.ok('households.remove', { id, reason: 'Pindah ke luar kota (surat pindah)' });
  clock.at = new Date('2024-06-01T03:00:00Z');
  officer = await login(core, 'officer1', PASSWORDS.officer);
  const recent = await family(officer, '3579012003150008', [
    { nik: '3579011205800009', name: 'Rahmat Hidayat Saputra' },
  ]);
  await officer.ok('households.remove', { id: recent, reason: 'Meninggal dunia seluruhnya' });
  // Years later: sessions have long idled out, the admin logs in again.
  clock.at = new Date('2026-12-06T03:00:00Z');
  const again = await login(core, ADMIN.username, ADMIN.password);
  officer = await login(core, 'officer1', PASSWORDS.officer);
  return { core, admin: again, officer, purged, complained, kept, recent };
}

/** Every text the workstation's database holds where personal data could hide. */
function everything(core: BansosCore): string {
  const raw = core.db.sql.raw;
  const tables = ['people', 'households', 'audit_log', 'sync_outbox', 'complaints', 'household_kk_history'];
  return tables
    .map((t) => JSON.stringify(raw.prepare(`SELECT * FROM ${t}`).all()))
    .concat(JSON.stringify(raw.prepare(`SELECT * FROM people_fts WHERE people_fts MATCH ?`).all('"budi"')))
    .join('\n');
}

describe('retention purge (UU PDP)', () => {
  it('previews who is due, purges only what was confirmed, and leaves nothing personal behind', async () => {
    const w = await world();
    const preview = await w.admin.ok('retention.preview', {});
    expect(preview.years).toBe(5);
    const byId = new Map(preview.items.map((i) => [i.id, i]));
    expect(byId.get(w.purged)).toMatchObject({ kind: 'keluarga', people: 2, deferredBecause: null });
    expect(byId.get(w.purged)!.label).toContain(BUDI.name);
    expect(byId.get(w.purged)!.label).not.toContain(KK);
    expect(byId.get(w.complained)!.deferredBecause).toMatch(/pengaduan/);
    expect(byId.has(w.recent)).toBe(false);
    expect(byId.has(w.kept)).toBe(false);
    expect(preview.due).toBe(1);

    const stale = await w.admin.call('retention.purge', { expected: 2 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(everything(w.core)).toContain(BUDI.nik);

    expect(await w.admin.ok('retention.purge', { expected: 1 })).toMatchObject({ households: 1, people: 2 });
    const all = everything(w.core);
    for (const secret of [
      BUDI.nik,
      BUDI.name,
      SITI.nik,
      SITI.name,
      KK,
      ILLNESS,
      'Budi Santosa',
      ...Object.values(NUMBERS),
    ])
      expect(all, secret).not.toContain(secret);
    // Others' data is untouched, and the purged rows still count where reports count them.
    expect(all).toContain(KEPT.nik);
    const rows = w.core.db.sql.raw
      .prepare('SELECT sex, purged_at FROM people WHERE household_id = ? ORDER BY sex')
      .all(w.purged);
    expect(rows).toEqual([
      { sex: 'L', purged_at: '2026-12-06T03:00:00.000Z' },
      { sex: 'P', purged_at: '2026-12-06T03:00:00.000Z' },
    ]);
    const household = w.core.db.sql.raw
      .prepare('SELECT desa_code, kk_number, address FROM households WHERE id = ?')
      .get(w.purged);
    expect(household).toEqual({ desa_code: '35.79.01.2006', kk_number: null, address: '' });

    // One audit entry per purge, naming no one; the chain still verifies.
    const entries = await w.admin.ok('audit.list', { action: 'retention.purge', limit: 50, cursor: null });
    expect(entries.entries.length).toBeGreaterThan(0);
    const verify = await w.admin.job<{ ok: boolean; problems: unknown[] }>('audit.verify', {});
    expect(verify).toMatchObject({ ok: true, problems: [] });

    // Nothing due any more; Data Saya no longer finds the person.
    expect((await w.admin.ok('retention.preview', {})).due).toBe(0);
    const manager = await userWithRole(w.core, w.admin, 'manager');
    const dataSaya = await manager.call('reports.preview', {
      params: { report: 'data-saya', nik: BUDI.nik },
    });
    expect(dataSaya).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('a forged redaction breaks the chain: an edited entry cannot hide behind a purge', async () => {
    const w = await world();
    await w.admin.ok('retention.purge', { expected: 1 });
    const raw = w.core.db.sql.raw;
    const purge = raw.prepare(`SELECT id FROM audit_log WHERE action = 'retention.purge' LIMIT 1`).get() as {
      id: string;
    };
    // An entry about the kept family, rewritten and marked as if the purge had redacted it.
    const victim = raw
      .prepare(`SELECT seq FROM audit_log WHERE subject_id = ? AND redacted_by IS NULL ORDER BY seq LIMIT 1`)
      .get(w.kept) as { seq: number };
    raw
      .prepare(
        `UPDATE audit_log SET changes_json = '{"name":{"new":"[dihapus]","old":null}}', redacted_by = ? WHERE seq = ?`,
      )
      .run(purge.id, victim.seq);
    // And a redacted entry given words again.
    const redacted = raw
      .prepare(`SELECT seq FROM audit_log WHERE redacted_by IS NOT NULL ORDER BY seq LIMIT 1`)
      .get() as {
      seq: number;
    };
    raw
      .prepare(`UPDATE audit_log SET changes_json = '{"name":{"new":"Nama Palsu","old":null}}' WHERE seq = ?`)
      .run(redacted.seq);
    const verify = await w.admin.job<{ ok: boolean; problems: { seq: number; kind: string }[] }>(
      'audit.verify',
      {},
    );
    expect(verify.ok).toBe(false);
    expect(verify.problems.map((p) => `${p.seq}:${p.kind}`).sort()).toEqual(
      [`${victim.seq}:edited`, `${redacted.seq}:edited`].sort(),
    );
  });

  it('the setting is bounded and only the administrator purges', async () => {
    const w = await world();
    for (const years of [0, 26]) {
      const refused = await w.admin.call('settings.update', { retentionYears: years });
      expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(JSON.stringify(refused)).toMatch(/tahun/);
    }
    // Eight years: the 2019 removals are no longer due.
    await w.admin.ok('settings.update', { retentionYears: 8 });
    expect((await w.admin.ok('retention.preview', {})).items).toEqual([]);
    for (const role of ['officer', 'manager', 'clerk', 'auditor'] as const) {
      const user = role === 'officer' ? new Client(w.core) : await userWithRole(w.core, w.admin, role);
      if (role === 'officer')
        await user.ok('auth.login', { username: 'officer1', password: PASSWORDS.officer });
      for (const method of ['retention.preview', 'retention.purge'] as const) {
        const refused = await user.call(
          method,
          (method === 'retention.purge' ? { expected: 1 } : {}) as never,
        );
        expect(refused, `${role} ${method}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
    }
  });
});
