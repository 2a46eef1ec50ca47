import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { can, ROLES, type Role } from '../../common/auth/roles.ts';
import type { ConflictView } from '../../common/sync/protocol.ts';
import { type Client, setUpCore, userWithRole } from '../../tests/support/core.ts';
import { tempDir } from '../../tests/support/tempDir.ts';
import { maskSpecificChanges, SPECIFIC_HIDDEN } from './specific.ts';

/**
 * Issue 12: specific data (disability, health, KKS/bank numbers) leaves the core only for roles
 * holding registry.readSpecific, on every path: the household view, the audit log view, sync
 * conflicts, search, exports, reports. Table-driven over every role.
 */
const DISABILITY = 'Tunanetra total';
const ILLNESS = 'Diabetes melitus tipe 2';
// Bank, KKS card and phone numbers (issue 15), typed with separators and stored as digits.
const ACCOUNT = '0123456789012';
const KKS = '6013011234567890';
const PHONE = '081234567890';

async function world() {
  const { core, admin } = await setUpCore();
  const clients = { admin } as Record<Role, Client>;
  for (const role of ROLES) if (role !== 'admin') clients[role] = await userWithRole(core, admin, role);
  const created = await clients.officer.ok('households.create', {
    household: {
      kkNumber: '3579012003150004',
      desaCode: '35.79.01.2006',
      rt: '2',
      rw: '5',
      address: 'Jl. Kartika 12',
    },
    members: [
      {
        nik: '3579011205800001',
        name: 'Budi Santoso',
        sex: 'L',
        birthDate: '1980-05-12',
        relationship: 'kepala_keluarga',
        disability: DISABILITY,
        chronicIllness: ILLNESS,
      },
    ],
  });
  const person = (await clients.officer.ok('households.get', { id: created.value.id })).members[0]!;
  await clients.officer.ok('people.update', {
    id: person.id,
    expectedVersion: person.version,
    person: {
      nik: person.nik,
      name: person.name,
      sex: 'L',
      birthDate: '1980-05-12',
      relationship: 'kepala_keluarga',
      disability: DISABILITY,
      chronicIllness: `${ILLNESS} dan hipertensi`,
      bankAccount: '0123-4567-89012',
      kksNumber: '6013 0112 3456 7890',
      phoneNumber: '+62 812-3456-7890',
    },
  });
  // A sync conflict on a specific field, as the engine stores one.
  const conflict: ConflictView = {
    id: '0190a000-0000-7000-8000-000000000001',
    kind: 'field',
    entity: 'people',
    entityId: person.id,
    field: 'chronic_illness',
    baseValue: ILLNESS,
    serverValue: 'Jantung koroner',
    clientValue: `${ILLNESS} dan hipertensi`,
    otherId: null,
    username: 'officer1',
    deviceName: 'Meja 2',
    at: '2026-11-01T00:00:00.000Z',
    message: 'Kantor lain mengubah data yang sama.',
    status: 'open',
    resolvedBy: null,
    resolvedAt: null,
    resolution: null,
  };
  core.db.sql.raw
    .prepare('INSERT INTO sync_conflicts (id, view_json, status, at) VALUES (?, ?, ?, ?)')
    .run(conflict.id, JSON.stringify(conflict), 'open', conflict.at);
  return { core, clients, householdId: created.value.id };
}

const LEAKS = [DISABILITY, ILLNESS, 'Jantung koroner', 'hipertensi', ACCOUNT, KKS, PHONE];
const leaked = (value: unknown) => LEAKS.filter((secret) => JSON.stringify(value).includes(secret));

describe('specific data stays specific (issue 12)', () => {
  it('masks specific fields at any depth and leaves the rest', () => {
    expect(
      maskSpecificChanges({
        name: { old: 'A', new: 'B' },
        disability: { old: null, new: 'X' },
        row: { chronic_illness: 'Y', kks_number: '123', bank_account: '9', rt: '1' },
      }),
    ).toEqual({
      name: { old: 'A', new: 'B' },
      disability: { old: null, new: SPECIFIC_HIDDEN },
      row: {
        chronic_illness: SPECIFIC_HIDDEN,
        kks_number: SPECIFIC_HIDDEN,
        bank_account: SPECIFIC_HIDDEN,
        rt: '1',
      },
    });
  });

  it('every path, every role: only roles with registry.readSpecific see the values', async () => {
    const { core, clients, householdId } = await world();
    const stored = core.db.sql.raw.prepare('SELECT changes_json FROM audit_log').pluck().all() as string[];
    // The stored chain keeps the values (the hash covers them); only the views hide them.
    expect(stored.some((c) => c.includes(ILLNESS))).toBe(true);
    const table: { role: Role; path: string; leaks: string[] }[] = [];
    for (const role of ROLES) {
      const client = clients[role];
      const paths: Record<string, () => Promise<unknown>> = {
        'audit.list': async () =>
          can(role, 'audit.read') ? (await client.ok('audit.list', { limit: 500 })).entries : null,
        'sync.conflicts': async () => client.ok('sync.conflicts', { includeResolved: true }),
        'households.get': async () => client.ok('households.get', { id: householdId }),
        'registry.findPeople': async () => client.ok('registry.findPeople', { query: 'budi' }),
        'registry.listHouseholds': async () => client.ok('registry.listHouseholds', {}),
        'reports.preview data-saya': async () =>
          can(role, 'reports.read')
            ? client.ok('reports.preview', { params: { report: 'data-saya', nik: '3579011205800001' } })
            : null,
        'export.start recipients': async () => {
          if (!can(role, 'export.run')) return null;
          const file = join(tempDir(), `ekspor-${role}.csv`);
          const userId = core.sessions.get(client.token!)!.userId;
          const { jobId } = await client.ok('export.start', {
            kind: 'recipients',
            format: 'csv',
            target: core.files.grant(file, 'write', userId),
          });
          expect((await core.jobs.wait(jobId)).state).toBe('done');
          return readFileSync(file, 'utf8');
        },
      };
      for (const [path, read] of Object.entries(paths)) {
        const value = await read();
        if (value === null) continue;
        table.push({ role, path, leaks: leaked(value) });
      }
    }
    for (const row of table) {
      const allowed = can(row.role, 'registry.readSpecific');
      if (!allowed) expect(row, `${row.role} ${row.path}`).toMatchObject({ leaks: [] });
    }
    // Positive control: a role allowed to read specific data does see it in the audit log and conflicts.
    expect(table.find((r) => r.role === 'manager' && r.path === 'audit.list')!.leaks).toContain(ILLNESS);
    expect(table.find((r) => r.role === 'officer' && r.path === 'sync.conflicts')!.leaks).toContain(
      'Jantung koroner',
    );
    expect(
      table.find((r) => r.role === 'officer' && r.path === 'reports.preview data-saya')!.leaks,
    ).toContain(DISABILITY);
    // The numbers, stored as digits, reach the roles that may read them.
    for (const secret of [ACCOUNT, KKS, PHONE]) {
      expect(table.find((r) => r.role === 'manager' && r.path === 'households.get')!.leaks).toContain(secret);
      expect(table.find((r) => r.role === 'manager' && r.path === 'audit.list')!.leaks).toContain(secret);
    }
    expect(table.filter((r) => r.path === 'export.start recipients').map((r) => r.role)).toEqual(
      ROLES.filter((role) => can(role, 'export.run')),
    );
    // The masked audit view still names the field, so an auditor sees that it changed.
    const auditorView = await clients.auditor.ok('audit.list', { limit: 500 });
    expect(JSON.stringify(auditorView.entries)).toContain(SPECIFIC_HIDDEN);
    await core.close();
  }, 120_000);
});
