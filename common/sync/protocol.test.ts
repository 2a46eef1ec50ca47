import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../canonicalJson.ts';
import { auditPayload, mutationPayload, type Mutation } from './protocol.ts';

// Hashes already stored in audit logs and outboxes (and on the server) were computed as the
// canonical JSON of these objects: the payload functions must keep producing the same bytes.
const auditReference = (e: Parameters<typeof auditPayload>[0]) =>
  canonicalJson({
    ...(e.subject_id ? { subject_id: e.subject_id } : {}),
    seq: e.seq,
    id: e.id,
    at: e.at,
    user_id: e.user_id,
    username: e.username,
    device_id: e.device_id,
    action: e.action,
    entity: e.entity,
    entity_id: e.entity_id,
    changes_json: e.changes_json,
    prev_hash: e.prev_hash,
  });

const mutationReference = (m: Omit<Mutation, 'hash'>) =>
  canonicalJson({
    seq: m.seq,
    mutationId: m.mutationId,
    entity: m.entity,
    entityId: m.entityId,
    op: m.op,
    baseVersion: m.baseVersion,
    changes: m.changes,
    userId: m.userId,
    username: m.username,
    at: m.at,
    prevHash: m.prevHash,
  });

const entry = {
  seq: 42,
  id: '01a221d3-c35a-7074-b628-a0bdc8c253a2',
  at: '2026-11-28T10:00:00.000Z',
  user_id: 'u-1',
  username: 'petugas "satu"',
  device_id: 'dev-1',
  action: 'import.create',
  entity: 'people',
  entity_id: 'p-1',
  changes_json: '{"name":{"new":"SITI ÑUR\\u0000","old":null}}',
  prev_hash: 'a'.repeat(64),
};

const body: Omit<Mutation, 'hash'> = {
  seq: 7,
  mutationId: 'm-1',
  entity: 'people',
  entityId: 'p-1',
  op: 'update',
  baseVersion: 3,
  changes: {
    sex: { old: 'L', new: 'P' },
    name: { new: 'Ña "x"\n', old: null },
    ab: { old: 1.5, new: [2, null] },
  },
  userId: null,
  username: 'admin',
  at: '2026-11-28T10:00:00.000Z',
  prevHash: 'b'.repeat(64),
};

// sha256 b36200c79dc96e4be69d3b40e621242669aaede69f774b59fd00edea75cc64d3
const FIRST_RELEASE_PAYLOAD =
  '{"action":"import.create","at":"2026-11-28T10:00:00.000Z","changes_json":"{\\"name\\":{\\"new\\":\\"SITI ÑUR\\\\u0000\\",\\"old\\":null}}","device_id":"dev-1","entity":"people","entity_id":"p-1","id":"01a221d3-c35a-7074-b628-a0bdc8c253a2","prev_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","seq":42,"subject_id":"hh-1","user_id":"u-1","username":"petugas \\"satu\\""}';

describe('hash payloads', () => {
  it('write an audit entry as the canonical JSON its stored hashes were made from', () => {
    for (const subject_id of [undefined, null, '', 'hh-1'])
      for (const user_id of ['u-1', null]) {
        const e = { ...entry, subject_id, user_id };
        expect(auditPayload(e)).toBe(auditReference(e));
      }
    // Frozen: the bytes the first release (core/audit/chain.ts, before this file held the
    // formula) hashed for this entry.
    expect(auditPayload({ ...entry, subject_id: 'hh-1' })).toBe(FIRST_RELEASE_PAYLOAD);
  });

  it('write an outbox mutation as canonical JSON, with or without the changes already written', () => {
    expect(mutationPayload(body)).toBe(mutationReference(body));
    expect(mutationPayload(body, canonicalJson(body.changes))).toBe(mutationReference(body));
    const empty = { ...body, changes: {}, username: null, op: 'insert' as const };
    expect(mutationPayload(empty)).toBe(mutationReference(empty));
  });
});
