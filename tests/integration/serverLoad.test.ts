/**
 * Pushes from several offices side by side on the PostgreSQL store (issue 14), small: eight
 * offices with their areas (issue 16): two Dinas offices (the whole city), one kecamatan office
 * and five desa offices over four desa (two on the same desa), a thousand families in those four
 * desa. Half the edits go to ten families per desa, so the offices of a desa, its kecamatan and
 * the Dinas meet on them; the other half spread over the office's area, so most of those rows
 * change once (a pull that passed one would leave that office behind for good), while other
 * offices pull.
 * The load is the bench's (`npm run bench -- server`), with the same invariants: each office
 * holds exactly what the server answers it for its area (/v1/digest, and every written family
 * on the offices of its area only), no lost or silently overwritten edit, no gap or double
 * apply, every audit chain verifies. A server whose pushes overwrite each other's rows (no entity
 * locks), whose change numbers commit out of order (a pull passes one), or whose pull leaves a
 * desa's rows out or lets another desa's in fails them.
 */
import { describe, expect, it } from 'vitest';
import { runServerLoad } from '../bench/serverLoad.ts';
import { postgresUrl } from './support/syncRig.ts';

const pgUrl = await postgresUrl();
if (!pgUrl)
  console.warn(
    'PERINGATAN: PostgreSQL tidak dapat dihubungi (BANSOS_TEST_DATABASE_URL / DATABASE_URL / postgres://bansos:bansos@127.0.0.1:5432/bansos_test): uji beban server dilewati.',
  );

describe.skipIf(!pgUrl)('several offices pushing at once on PostgreSQL', () => {
  it('converge with nothing lost and every chain intact', async () => {
    const report = await runServerLoad({
      databaseUrl: pgUrl!,
      devices: 8,
      households: 1000,
      cityOffices: 2,
      kecamatanOffices: 1,
      desas: 4,
      hot: 10,
      hotShare: 0.5,
      durationMs: 20_000,
      intervalMs: 600,
      edits: 25,
      busy: 0.6,
      processes: 3,
    });
    // The run did what it is for: pushes overlapped, and offices met on the same fields.
    expect(report.maxPushesInFlight).toBeGreaterThan(1);
    expect(report.conflicts.field ?? 0).toBeGreaterThan(0);
    expect(report.failedSyncs).toEqual([]);
    // The offices ran in three workstation processes, each on its own event loop.
    expect(new Set(report.offices.map((o) => o.process))).toEqual(new Set([0, 1, 2]));
    expect(report.eventLoopDelayP99Ms).toHaveLength(3);
    // Areas held: a desa office received its desa's families alone, the Dinas all of them.
    expect(report.offices.map((o) => [o.area, o.households])).toEqual([
      ['seluruh kota', 1000],
      ['seluruh kota', 1000],
      ['kecamatan 35.79.01', 500],
      ['desa 35.79.01.1001', 250],
      ['desa 35.79.01.2007', 250],
      ['desa 35.79.02.2005', 250],
      ['desa 35.79.03.2002', 250],
      ['desa 35.79.01.1001', 250],
    ]);
    expect(report.bootstraps.find((b) => b.area === 'desa 35.79.02.2005')?.rows).toBe(250);
    expect(report.violations).toEqual({
      lostWrites: [],
      silentOverwrites: [],
      doubleApplied: [],
      gaps: [],
      divergence: [],
      misplaced: [],
      brokenChains: [],
    });
  }, 300_000);
});
