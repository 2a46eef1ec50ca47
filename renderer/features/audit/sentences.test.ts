import { describe, expect, it } from 'vitest';
import type { AuditEntryView } from '../../../common/api/methods/admin.ts';
import { ACTION_LABELS } from '../../../common/domain/auditLabels.ts';
import { ACTION_GROUPS, readEntry, type AuditWords } from './sentences.ts';

const PROGRAM_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const PERSON_ID = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a6c';
const words: AuditWords = {
  programName: (id) => (id === PROGRAM_ID ? 'BLT Dana Desa' : null),
  desaName: (code) => (code === '35.79.01.2006' ? 'Oro-oro Ombo' : null),
  refLabel: (kind, code) =>
    kind === 'relationship' && code === 'kepala_keluarga' ? 'Kepala keluarga' : null,
};

const entry = (action: string, entity: string, changes: Record<string, unknown>): AuditEntryView => ({
  seq: 7,
  at: '2026-12-05T17:30:00.000Z',
  username: 'petugas1',
  action,
  entity,
  entityId: PERSON_ID,
  changes,
});

describe('an audit entry read as sentences', () => {
  it('names the action, the programme and the status in words, never their codes', () => {
    const reading = readEntry(
      entry('enrolments.create', 'enrolments', {
        id: { old: null, new: PERSON_ID },
        program_id: { old: null, new: PROGRAM_ID },
        status: { old: null, new: 'usulan' },
        person_id: { old: null, new: PERSON_ID },
        start_date: { old: null, new: '2026-12-01' },
        version: { old: null, new: 1 },
      }),
      words,
    );
    expect(reading.action).toBe('Didaftarkan ke program');
    expect(reading.subject).toBe('kepesertaan program');
    expect(reading.details).toEqual([
      'Program: BLT Dana Desa',
      'Status: Usulan',
      'Anggota keluarga ditetapkan',
      'Tanggal mulai: 1 Desember 2026',
    ]);
    expect(reading.details.join(' ')).not.toMatch(/BLT_DD|usulan|0190a1b2|\{|"/);
  });

  it('says a change from one value to another, with code-list words, rupiah and desa names', () => {
    const reading = readEntry(
      entry('households.update', 'households', {
        desil: { old: 3, new: 2 },
        monthly_income: { old: 900000, new: 1250000 },
        desa_code: { old: null, new: '35.79.01.2006' },
        assets_json: { old: '[]', new: '["sepeda","televisi"]' },
        notes: { old: 'Rumah kontrak', new: '' },
      }),
      words,
    );
    expect(reading.details).toEqual([
      'Desil diubah dari 3 menjadi 2',
      'Penghasilan per bulan diubah dari Rp900.000 menjadi Rp1.250.000',
      'Desa/kelurahan: Oro-oro Ombo',
      'Aset: sepeda, televisi',
      'Catatan dikosongkan (sebelumnya Rumah kontrak)',
    ]);
    expect(reading.link).toEqual({ href: `#/keluarga/${PERSON_ID}`, label: 'Buka keluarga' });
  });

  it('keeps the hidden specific data hidden, and a digest unread', () => {
    const hidden = '(disembunyikan: data spesifik)';
    const reading = readEntry(
      entry('people.update', 'people', {
        disability: { old: hidden, new: hidden },
        relationship: { old: null, new: 'kepala_keluarga' },
        undo_json: 'sha256:ab12',
      }),
      words,
    );
    expect(reading.details).toEqual([
      `Disabilitas diubah dari ${hidden} menjadi ${hidden}`,
      'Hubungan keluarga: Kepala keluarga',
      'Rincian urungan: disimpan sebagai sidik (isinya tidak dicatat di sini)',
    ]);
  });

  it("reads a note's details and an account's role without JSON or field codes", () => {
    const reading = readEntry(
      entry('export.list', 'export', {
        kind: 'recipients',
        maskNik: true,
        rows: 30,
        filters: { desaCode: '35.79.01.2006', programId: PROGRAM_ID },
      }),
      words,
    );
    expect(reading.details).toEqual([
      'Jenis: Daftar penerima (keluarga dan anggota)',
      'NIK disamarkan: ya',
      'Jumlah baris: 30',
      'Saringan: desa/kelurahan: Oro-oro Ombo; program: BLT Dana Desa',
    ]);
    const user = readEntry(
      entry('users.create', 'users', {
        role: { old: null, new: 'officer' },
        area_json: { old: null, new: '{"kecamatan":[],"desa":[]}' },
      }),
      words,
    );
    expect(user.details).toEqual(['Peran: Petugas', 'Wilayah kerja: seluruh kota']);
  });

  it('offers every known action in the filter, once', () => {
    const offered = ACTION_GROUPS.flatMap((g) => g.actions.map((a) => a.code));
    expect(new Set(offered).size).toBe(offered.length);
    expect(offered.sort()).toEqual(Object.keys(ACTION_LABELS).sort());
  });
});
