import { describe, expect, it } from 'vitest';
import { PURGED_VALUES } from '../domain/retention.ts';
import {
  limitedToArea,
  merge,
  naturalKeyYields,
  rowAfter,
  threeWayMerge,
  type MergeAccount,
  type MergeInput,
  type MergePolicy,
  type StoredRow,
  type Verdict,
} from './merge.ts';
import type { Mutation } from './protocol.ts';
import { SYNCED_TABLES } from './tables.ts';

const AT = '2026-12-06T07:00:00.000Z';
const CREATED = '2026-01-01T00:00:00.000Z';
const DESA = '35.79.01.1001';
const OTHER_KECAMATAN_DESA = '35.79.02.2001';
const KK = '3579010101010001';
const OTHER_KK = '3579010101010002';

const family = {
  id: 'hh-1',
  kk_number: KK,
  desa_code: DESA,
  address: 'Jl. Mawar 1',
  rt: '001',
  has_toilet: 1,
  created_at: CREATED,
  updated_at: CREATED,
};
const live = (data: Record<string, unknown> = family): StoredRow => ({ deleted: false, data });
const TOMBSTONE: StoredRow = { deleted: true, data: null };

const officer: MergeAccount = {
  username: 'sari',
  role: 'officer',
  area: { kecamatan: [], desa: [] },
  status: 'active',
  onDevice: true,
};
const inDesa = (desa: string[], kecamatan: string[] = []): MergeAccount => ({
  ...officer,
  area: { kecamatan, desa },
});

type Op = Mutation['op'];
/** A mutation from `sari` on the family unless told otherwise; changes as field: [old, new]. */
function mutation(
  op: Op,
  changes: Record<string, [unknown, unknown]>,
  over: Partial<MergeInput['mutation']> = {},
): MergeInput['mutation'] {
  return {
    entity: 'households',
    entityId: 'hh-1',
    op,
    changes: Object.fromEntries(Object.entries(changes).map(([f, [o, n]]) => [f, { old: o, new: n }])),
    username: 'sari',
    userId: 'u-sari',
    at: AT,
    ...over,
  };
}

function input(m: MergeInput['mutation'], over: Partial<Omit<MergeInput, 'mutation'>> = {}): MergeInput {
  return {
    mutation: m,
    stored: live(),
    account: officer,
    desa: { before: DESA, after: DESA },
    holder: null,
    policy: threeWayMerge,
    deviceId: 'dev-1',
    ...over,
  };
}

const lastWriterWins: MergePolicy = { bothChanged: () => 'take-incoming' };
const BOTH_CHANGED =
  'Nilai ini diubah di dua kantor sekaligus: nilai server dipertahankan sampai diputuskan.';
const refusedConflict = (server: unknown, client: unknown, message: string) => ({
  kind: 'refused',
  field: null,
  base: null,
  server,
  client,
  message,
  otherId: null,
});
const changesOf = (m: MergeInput['mutation']) => m.changes;

interface Case {
  name: string;
  input: MergeInput;
  verdict: Verdict;
}

const address = mutation('update', { address: ['Jl. Mawar 1', 'Jl. Melati 2'] });
const addressFromStale = mutation('update', { address: ['Jl. Lama', 'Jl. Melati 2'] });
const newFamily = mutation(
  'insert',
  { id: [null, 'hh-2'], kk_number: [null, OTHER_KK], desa_code: [null, DESA], is_poor: [null, true] },
  { entityId: 'hh-2' },
);
const purge = mutation(
  'update',
  { name: ['Budi', PURGED_VALUES.people.name], nik: ['3579010101900001', null], purged_at: [null, AT] },
  { entity: 'people', entityId: 'p-1' },
);
const keepServer = mutation('resolve', { __conflict: [null, 'c-1'], __choice: [null, 'server'] });
const takeClient = mutation('resolve', {
  address: ['Jl. Mawar 1', 'Jl. Melati 2'],
  __conflict: [null, 'c-1'],
  __choice: [null, 'client'],
});
const program = { id: 'pr-1', code: 'PKH', name: 'PKH', created_at: CREATED, updated_at: CREATED };

const cases: Case[] = [
  // Per field, three-way.
  {
    name: 'the server still holds the old value: the new one is taken',
    input: input(address),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, address: 'Jl. Melati 2', updated_at: AT }),
      conflicts: [],
    },
  },
  {
    name: 'both sides changed the field to the same value: already there, nothing applied',
    input: input(mutation('update', { address: ['Jl. Lama', 'Jl. Mawar 1'] })),
    verdict: { outcome: 'merged', row: live(family), conflicts: [] },
  },
  {
    name: 'a boolean and its stored 0/1 are the same value',
    input: input(mutation('update', { has_toilet: [0, true] })),
    verdict: { outcome: 'merged', row: live(family), conflicts: [] },
  },
  {
    name: 'both sides changed the same field: the server value stays and a field conflict is queued',
    input: input(addressFromStale),
    verdict: {
      outcome: 'conflict',
      row: live(family),
      conflicts: [
        {
          kind: 'field',
          field: 'address',
          base: 'Jl. Lama',
          server: 'Jl. Mawar 1',
          client: 'Jl. Melati 2',
          message: BOTH_CHANGED,
          otherId: null,
        },
      ],
    },
  },
  {
    name: 'one field in conflict, another merges beside it',
    input: input(mutation('update', { address: ['Jl. Lama', 'Jl. Melati 2'], rt: ['001', '007'] })),
    verdict: {
      outcome: 'conflict',
      row: live({ ...family, rt: '007', updated_at: AT }),
      conflicts: [expect.objectContaining({ kind: 'field', field: 'address' })],
    },
  },
  {
    name: 'negative-control policy (take-incoming): the device overwrites the other office',
    input: input(addressFromStale, { policy: lastWriterWins }),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, address: 'Jl. Melati 2', updated_at: AT }),
      conflicts: [],
    },
  },

  // Deletes, and edits to rows that are gone.
  {
    name: 'a delete that saw the latest values',
    input: input(mutation('delete', { address: ['Jl. Mawar 1', null], rt: ['001', null] })),
    verdict: { outcome: 'applied', row: { deleted: true, data: family }, conflicts: [] },
  },
  {
    name: 'a delete without seeing a later edit: the edit is kept in a deleted conflict',
    input: input(mutation('delete', { address: ['Jl. Lama', null], rt: ['001', null] })),
    verdict: {
      outcome: 'conflict',
      row: { deleted: true, data: family },
      conflicts: [
        {
          kind: 'deleted',
          field: 'address',
          base: { address: 'Jl. Lama' },
          server: { address: 'Jl. Mawar 1' },
          client: null,
          message: 'Data dihapus padahal sudah diubah di kantor lain; nilai terakhir disimpan di sini.',
          otherId: null,
        },
      ],
    },
  },
  {
    name: 'an edit to a row deleted on the server: not applied, the tombstone is sent again',
    input: input(address, { stored: { deleted: true, data: family } }),
    verdict: {
      outcome: 'conflict',
      row: { deleted: true, data: family },
      conflicts: [
        {
          kind: 'deleted',
          field: null,
          base: null,
          server: null,
          client: changesOf(address),
          message: 'Data ini sudah dihapus di server; perubahan tidak diterapkan.',
          otherId: null,
        },
      ],
    },
  },
  {
    name: 'an edit to a row the server never had: a missing conflict and a tombstone',
    input: input(address, { stored: null }),
    verdict: {
      outcome: 'conflict',
      row: TOMBSTONE,
      conflicts: [expect.objectContaining({ kind: 'missing', message: 'Data ini tidak ada di server.' })],
    },
  },
  {
    name: 'a delete of a row the server never had leaves a tombstone',
    input: input(mutation('delete', { address: ['Jl. Mawar 1', null] }), { stored: null }),
    verdict: { outcome: 'merged', row: TOMBSTONE, conflicts: [] },
  },
  {
    name: 'a delete of a row already deleted changes nothing',
    input: input(mutation('delete', { address: ['Jl. Mawar 1', null] }), { stored: TOMBSTONE }),
    verdict: { outcome: 'merged', conflicts: [] },
  },

  // Inserts.
  {
    name: 'an insert of a new row is taken whole and claims its natural key',
    input: input(newFamily, { stored: null }),
    verdict: {
      outcome: 'applied',
      row: live({ id: 'hh-2', kk_number: OTHER_KK, desa_code: DESA, is_poor: 1, updated_at: AT }),
      conflicts: [],
      claims: `households:${OTHER_KK}`,
    },
  },
  {
    name: 'an insert of a row the server already has merges per field, keeping the first creation time',
    input: input(
      mutation('insert', {
        id: [null, 'hh-1'],
        address: [null, 'Jl. Mawar 1'],
        notes: [null, 'dari kantor kedua'],
        created_at: [null, AT],
      }),
    ),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, notes: 'dari kantor kedua', updated_at: AT }),
      conflicts: [],
    },
  },
  {
    name: 'an insert fills a field the server lacks, whatever it says was there before',
    input: input(mutation('insert', { id: [null, 'hh-1'], notes: ['catatan lama', 'catatan baru'] })),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, notes: 'catatan baru', updated_at: AT }),
      conflicts: [],
    },
  },
  {
    name: 'an insert of a row the server has the same: merged',
    input: input(mutation('insert', { id: [null, 'hh-1'], address: [null, 'Jl. Mawar 1'] })),
    verdict: { outcome: 'merged', row: live(family), conflicts: [] },
  },
  {
    name: 'an insert of a row the server already has with another value: a field conflict',
    input: input(mutation('insert', { id: [null, 'hh-1'], address: [null, 'Jl. Melati 2'] })),
    verdict: {
      outcome: 'conflict',
      row: live(family),
      conflicts: [
        expect.objectContaining({ kind: 'field', field: 'address', base: null, server: 'Jl. Mawar 1' }),
      ],
    },
  },
  {
    name: 'an insert of a row the server has deleted: a deleted conflict',
    input: input(mutation('insert', { id: [null, 'hh-1'] }), { stored: { deleted: true, data: family } }),
    verdict: {
      outcome: 'conflict',
      row: { deleted: true, data: family },
      conflicts: [expect.objectContaining({ kind: 'deleted', field: null })],
    },
  },

  // Natural keys.
  {
    name: 'a new family whose KK another family holds: kept without the KK, the conflict names the other',
    input: input(newFamily, { stored: null, holder: { id: 'hh-9', naturalKey: `households:${OTHER_KK}` } }),
    verdict: {
      outcome: 'conflict',
      row: live({ id: 'hh-2', kk_number: null, desa_code: DESA, is_poor: 1, updated_at: AT }),
      conflicts: [
        {
          kind: 'natural_key',
          field: 'kk_number',
          base: null,
          server: null,
          client: OTHER_KK,
          message: `Nomor KK ${OTHER_KK} sudah terdaftar pada data lain (kantor lain). Periksa apakah ini keluarga/orang yang sama.`,
          otherId: 'hh-9',
        },
      ],
    },
  },
  {
    name: 'an edit to a KK another family holds: the family keeps its old KK',
    input: input(mutation('update', { kk_number: [KK, OTHER_KK], rt: ['001', '002'] }), {
      holder: { id: 'hh-9', naturalKey: `households:${OTHER_KK}` },
    }),
    verdict: {
      outcome: 'conflict',
      row: live({ ...family, rt: '002', updated_at: AT }),
      conflicts: [
        expect.objectContaining({
          kind: 'natural_key',
          field: 'kk_number',
          base: KK,
          server: KK,
          client: OTHER_KK,
        }),
      ],
    },
  },
  {
    name: 'a field conflict and a natural-key clash in one edit: both are queued, in that order',
    input: input(mutation('update', { kk_number: [KK, OTHER_KK], address: ['Jl. Lama', 'Jl. Melati 2'] }), {
      holder: { id: 'hh-9', naturalKey: `households:${OTHER_KK}` },
    }),
    verdict: {
      outcome: 'conflict',
      row: live({ ...family, updated_at: AT }),
      conflicts: [
        expect.objectContaining({ kind: 'field', field: 'address' }),
        expect.objectContaining({ kind: 'natural_key', field: 'kk_number' }),
      ],
    },
  },
  {
    name: 'a new programme whose code cannot be empty and is taken: refused into a tombstone',
    input: input(
      mutation(
        'insert',
        { id: [null, 'pr-2'], code: [null, 'PKH'], name: [null, 'PKH kedua'] },
        { entity: 'programs', entityId: 'pr-2' },
      ),
      {
        stored: null,
        account: { ...officer, role: 'admin' },
        holder: { id: 'pr-1', naturalKey: 'programs:PKH' },
      },
    ),
    verdict: {
      outcome: 'conflict',
      message: 'natural key',
      row: TOMBSTONE,
      conflicts: [
        {
          kind: 'natural_key',
          field: 'code',
          base: null,
          server: null,
          client: { id: 'pr-2', code: 'PKH', name: 'PKH kedua', updated_at: AT },
          message: 'code sudah dipakai data lain di server; data ini tidak diterima.',
          otherId: 'pr-1',
        },
      ],
    },
  },
  {
    name: 'an existing programme renamed to a taken code keeps its old code',
    input: input(mutation('update', { code: ['BPNT', 'PKH'] }, { entity: 'programs', entityId: 'pr-2' }), {
      stored: live({ ...program, id: 'pr-2', code: 'BPNT' }),
      account: { ...officer, role: 'admin' },
      holder: { id: 'pr-1', naturalKey: 'programs:PKH' },
    }),
    verdict: {
      outcome: 'conflict',
      row: live({ ...program, id: 'pr-2', code: 'BPNT', updated_at: AT }),
      conflicts: [
        expect.objectContaining({ kind: 'natural_key', field: 'code', base: 'BPNT', client: 'PKH' }),
      ],
    },
  },
  {
    name: 'a holder of another key is no clash: the row claims its own',
    input: input(mutation('update', { kk_number: [KK, OTHER_KK] }), {
      holder: { id: 'hh-9', naturalKey: `households:${KK}` },
    }),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, kk_number: OTHER_KK, updated_at: AT }),
      conflicts: [],
      claims: `households:${OTHER_KK}`,
    },
  },
  {
    name: 'the row itself holding the key is no clash',
    input: input(mutation('update', { kk_number: [KK, OTHER_KK] }), {
      holder: { id: 'hh-1', naturalKey: `households:${OTHER_KK}` },
    }),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, kk_number: OTHER_KK, updated_at: AT }),
      conflicts: [],
      claims: `households:${OTHER_KK}`,
    },
  },
  {
    name: 'an edit that keeps the key claims nothing',
    input: input(address, { holder: { id: 'hh-9', naturalKey: `households:${KK}` } }),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, address: 'Jl. Melati 2', updated_at: AT }),
      conflicts: [],
    },
  },

  // Who may write.
  {
    name: 'an account the server does not know: refused, and the stored row is sent again',
    input: input(address, { account: null }),
    verdict: {
      outcome: 'refused',
      message: expect.stringContaining('user-set sari --device dev-1 --status active'),
      row: live(family),
      conflicts: [refusedConflict(family, changesOf(address), expect.stringContaining('belum disetujui'))],
    },
  },
  {
    name: 'an inactive account is refused',
    input: input(address, { account: { ...officer, status: 'disabled' } }),
    verdict: {
      outcome: 'refused',
      message: expect.stringContaining('Akun sari belum disetujui atau tidak aktif'),
      row: live(family),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'an account not approved on the sending device is refused',
    input: input(address, { account: { ...officer, onDevice: false } }),
    verdict: {
      outcome: 'refused',
      message: expect.stringContaining('Akun sari belum disetujui atau tidak aktif'),
      row: live(family),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'a new row from an unknown account is refused into a tombstone',
    input: input(newFamily, { stored: null, account: null }),
    verdict: {
      outcome: 'refused',
      message: expect.stringContaining('belum disetujui'),
      row: TOMBSTONE,
      conflicts: [expect.objectContaining({ kind: 'refused', server: null })],
    },
  },
  {
    name: 'a change by no user at all is refused',
    input: input(mutation('update', { rt: ['001', '002'] }, { username: null, userId: null }), {
      account: null,
    }),
    verdict: {
      outcome: 'refused',
      message: 'Perubahan tanpa pengguna ditolak server.',
      row: live(family),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'a reference row every workstation seeds needs no user',
    input: input(
      mutation(
        'insert',
        { id: [null, 'pr-1'], code: [null, 'PKH'], name: [null, 'PKH'] },
        { entity: 'programs', entityId: 'pr-1', username: null, userId: null },
      ),
      { stored: null, account: null },
    ),
    verdict: {
      outcome: 'applied',
      row: live({ id: 'pr-1', code: 'PKH', name: 'PKH', updated_at: AT }),
      conflicts: [],
      claims: 'programs:PKH',
    },
  },
  {
    name: 'a role without the permission is refused',
    input: input(address, { account: { ...officer, role: 'auditor' } }),
    verdict: {
      outcome: 'refused',
      message: 'Peran auditor (sari) tidak berwenang mengubah households.',
      row: live(family),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'a clerk may not change reference data',
    input: input(
      mutation('update', { name: ['PKH', 'PKH Plus'] }, { entity: 'programs', entityId: 'pr-1' }),
      {
        stored: live(program),
        account: { ...officer, role: 'clerk' },
      },
    ),
    verdict: {
      outcome: 'refused',
      message: 'Peran clerk (sari) tidak berwenang mengubah programs.',
      row: live(program),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'the purge-only right passes purge values',
    input: input(purge, {
      stored: live({ id: 'p-1', name: 'Budi', nik: '3579010101900001', household_id: 'hh-1' }),
      account: { ...officer, role: 'admin' },
    }),
    verdict: {
      outcome: 'applied',
      row: live({
        id: 'p-1',
        name: PURGED_VALUES.people.name,
        nik: null,
        household_id: 'hh-1',
        purged_at: AT,
        updated_at: AT,
      }),
      conflicts: [],
    },
  },
  {
    name: 'purge values from a role without the purge right are refused',
    input: input(purge, {
      stored: live({ id: 'p-1', name: 'Budi', nik: '3579010101900001', household_id: 'hh-1' }),
      account: { ...officer, role: 'auditor' },
    }),
    verdict: expect.objectContaining({
      outcome: 'refused',
      message: 'Peran auditor (sari) tidak berwenang mengubah people.',
    }),
  },
  {
    name: 'the purge-only right is no right to edit',
    input: input(
      mutation('update', { name: ['Budi', 'Budi Santoso'] }, { entity: 'people', entityId: 'p-1' }),
      {
        stored: live({ id: 'p-1', name: 'Budi', household_id: 'hh-1' }),
        account: { ...officer, role: 'admin' },
      },
    ),
    verdict: {
      outcome: 'refused',
      message: 'Peran admin (sari) tidak berwenang mengubah people.',
      row: live({ id: 'p-1', name: 'Budi', household_id: 'hh-1' }),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },

  // Where.
  {
    name: 'an account limited to a desa writes in it',
    input: input(address, { account: inDesa([DESA]) }),
    verdict: expect.objectContaining({ outcome: 'applied' }),
  },
  {
    name: 'an account limited to a kecamatan writes in its desas',
    input: input(address, { account: inDesa([], ['35.79.01']) }),
    verdict: expect.objectContaining({ outcome: 'applied' }),
  },
  {
    name: 'a row whose parent lies outside the area is refused',
    input: input(mutation('update', { name: ['Budi', 'Budi S'] }, { entity: 'people', entityId: 'p-1' }), {
      stored: live({ id: 'p-1', name: 'Budi', household_id: 'hh-5' }),
      account: inDesa([DESA]),
      desa: { before: OTHER_KECAMATAN_DESA, after: OTHER_KECAMATAN_DESA },
    }),
    verdict: {
      outcome: 'refused',
      message: `sari mengubah data di luar wilayah tugasnya (${OTHER_KECAMATAN_DESA}).`,
      row: live({ id: 'p-1', name: 'Budi', household_id: 'hh-5' }),
      conflicts: [expect.objectContaining({ kind: 'refused' })],
    },
  },
  {
    name: 'moving a family out of the area is refused (the row after)',
    input: input(mutation('update', { desa_code: [DESA, OTHER_KECAMATAN_DESA] }), {
      account: inDesa([DESA]),
      desa: { before: DESA, after: OTHER_KECAMATAN_DESA },
    }),
    verdict: expect.objectContaining({
      outcome: 'refused',
      message: `sari mengubah data di luar wilayah tugasnya (${OTHER_KECAMATAN_DESA}).`,
    }),
  },
  {
    name: 'taking over a family from outside the area is refused (the row before)',
    input: input(mutation('update', { desa_code: [OTHER_KECAMATAN_DESA, DESA] }), {
      stored: live({ ...family, desa_code: OTHER_KECAMATAN_DESA }),
      account: inDesa([DESA]),
      desa: { before: OTHER_KECAMATAN_DESA, after: DESA },
    }),
    verdict: expect.objectContaining({ outcome: 'refused' }),
  },
  {
    name: 'a row without a desa (or a parent the server lacks) is outside every area',
    input: input(mutation('insert', { id: [null, 'p-2'] }, { entity: 'people', entityId: 'p-2' }), {
      stored: null,
      account: inDesa([DESA]),
      desa: { after: null },
    }),
    verdict: expect.objectContaining({
      outcome: 'refused',
      message: 'sari mengubah data di luar wilayah tugasnya (tanpa desa).',
      row: TOMBSTONE,
    }),
  },
  {
    name: 'a table without a place is open to the area-limited account',
    input: input(mutation('update', { subject: ['A', 'B'] }, { entity: 'complaints', entityId: 'k-1' }), {
      stored: live({ id: 'k-1', subject: 'A' }),
      account: inDesa([DESA]),
      desa: {},
    }),
    verdict: expect.objectContaining({ outcome: 'applied' }),
  },
  {
    name: 'a table that does not sync is refused without touching anything',
    input: input(mutation('update', { value: [1, 2] }, { entity: 'settings', entityId: 's-1' })),
    verdict: {
      outcome: 'refused',
      message: 'unknown table',
      conflicts: [refusedConflict(null, { value: { old: 1, new: 2 } }, 'Tabel settings tidak disinkronkan.')],
    },
  },

  // A person's decision on a conflict.
  {
    name: "resolve, keep the server's value: only the decision is recorded",
    input: input(keepServer),
    verdict: { outcome: 'applied', conflicts: [], resolves: { conflictId: 'c-1', resolution: 'server' } },
  },
  {
    name: "resolve, take the client's value: merged three-way like an edit",
    input: input(takeClient),
    verdict: {
      outcome: 'applied',
      row: live({ ...family, address: 'Jl. Melati 2', updated_at: AT }),
      conflicts: [],
      resolves: { conflictId: 'c-1', resolution: 'client' },
    },
  },
  {
    name: 'resolve over a value changed again meanwhile: a new field conflict, the old one still resolved',
    input: input(takeClient, { stored: live({ ...family, address: 'Jl. Kenanga 3' }) }),
    verdict: {
      outcome: 'conflict',
      row: live({ ...family, address: 'Jl. Kenanga 3' }),
      conflicts: [expect.objectContaining({ kind: 'field', server: 'Jl. Kenanga 3' })],
      resolves: { conflictId: 'c-1', resolution: 'client' },
    },
  },
  {
    name: 'resolve needs sync.resolve, not the right to edit',
    input: input(takeClient, { account: { ...officer, role: 'clerk' } }),
    verdict: {
      outcome: 'refused',
      message: 'Peran clerk (sari) tidak berwenang mengubah households.',
      row: live(family),
      conflicts: [
        refusedConflict(
          family,
          { address: changesOf(takeClient).address, __choice: { old: null, new: 'client' } },
          'Peran clerk (sari) tidak berwenang mengubah households.',
        ),
      ],
    },
  },
];

describe('merge', () => {
  it.each(cases)('$name', ({ input, verdict }) => {
    expect(merge(input)).toEqual(verdict);
  });

  it('leaves its input as it was', () => {
    const stored = live({ ...family });
    const m = mutation('update', { kk_number: [KK, OTHER_KK], rt: ['001', '002'] });
    const snapshot = JSON.parse(JSON.stringify({ stored, m })) as unknown;
    merge(input(m, { stored, holder: { id: 'hh-9', naturalKey: `households:${OTHER_KK}` } }));
    expect({ stored, m }).toEqual(snapshot);
  });
});

describe('rowAfter: what the area check reads', () => {
  it('takes every new value, even those the merge will not', () => {
    expect(rowAfter(live(), mutation('update', { desa_code: ['x', OTHER_KECAMATAN_DESA] }))).toEqual({
      ...family,
      desa_code: OTHER_KECAMATAN_DESA,
    });
  });
  it('is the stored row for a delete, the changes for a new row, nothing for an update of nothing', () => {
    expect(rowAfter(live(), mutation('delete', { desa_code: [DESA, null] }))).toEqual(family);
    expect(rowAfter(null, mutation('insert', { is_poor: [null, false] }))).toEqual({ is_poor: 0 });
    expect(rowAfter(null, address)).toBeNull();
  });
  it("leaves out a resolution's own fields", () => {
    expect(rowAfter(live(), takeClient)).toEqual({ ...family, address: 'Jl. Melati 2' });
  });
});

describe('the rules the device shares', () => {
  it('a nullable key gives way itself, a key that cannot be empty gives the row, no key nothing', () => {
    expect(naturalKeyYields(SYNCED_TABLES.people)).toBe('key');
    expect(naturalKeyYields(SYNCED_TABLES.programs)).toBe('row');
    expect(naturalKeyYields(SYNCED_TABLES.cases)).toBeNull();
  });
  it('an account with no kecamatan and no desa reaches the whole city', () => {
    expect(limitedToArea(officer)).toBe(false);
    expect(limitedToArea(inDesa([DESA]))).toBe(true);
    expect(limitedToArea(null)).toBe(false);
  });
});
