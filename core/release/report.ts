import { rmSync } from 'node:fs';
import { RELEASE_CATEGORY_LABELS } from '../../common/api/methods/release.ts';
import { openXlsx, type ExportColumn } from '../exporter/write.ts';
import { listReleases, reportItems, type ReleaseContext } from './views.ts';
import { notFound } from '../../common/errors.ts';

const COLUMNS: ExportColumn[] = [
  { header: 'Kategori', type: 'text', width: 24 },
  { header: 'Desa/Kelurahan', type: 'text', width: 20 },
  { header: 'Nama', type: 'text', width: 28 },
  { header: 'Sebelum', type: 'text', width: 28 },
  { header: 'Menurut rilis', type: 'text', width: 36 },
  { header: 'Keputusan', type: 'text', width: 12 },
  { header: 'Alasan ditolak', type: 'text', width: 36 },
  { header: 'Diputuskan oleh', type: 'text', width: 20 },
];

/**
 * The reconciliation report as a workbook: every change of the release in the caller's area,
 * category by category, with the decision taken. Answers the rows written and the families
 * named (the export is recorded against them, as every export is).
 */
export async function writeReleaseReport(
  ctx: ReleaseContext,
  releaseId: string,
  targetPath: string,
): Promise<{ rows: number; householdIds: string[] }> {
  const release = listReleases(ctx).find((r) => r.id === releaseId);
  if (!release) throw notFound('Rilis DTKS');
  const items = reportItems(ctx, releaseId);
  const sink = await openXlsx(targetPath, COLUMNS, {
    sheetName: 'Rekonsiliasi',
    title: [
      `Rekonsiliasi rilis ${release.source} tanggal ${release.releaseDate}`,
      `Berkas ${release.fileName}, ${release.rowCount} baris; ${items.length} perubahan`,
    ],
  });
  try {
    for (const i of items)
      sink.add([
        RELEASE_CATEGORY_LABELS[i.category].title,
        i.desaName,
        i.subjectName,
        i.before,
        i.after,
        i.decision ?? 'belum',
        i.reason,
        i.decidedBy,
      ]);
    await sink.close();
  } catch (error) {
    rmSync(targetPath, { force: true });
    throw error;
  }
  return {
    rows: items.length,
    householdIds: [...new Set(items.flatMap((i) => (i.householdId ? [i.householdId] : [])))],
  };
}
