import type { ReportKind, ReportSettingsView } from '../../common/api/methods/reports.ts';
import { formatDateId, formatDateTimeId } from '../../common/format.ts';
import { maskIdNumber } from '../../common/domain/idNumbers.ts';
import type { Sql } from '../../db/sql.ts';
import type { RegionNames } from '../regions/names.ts';
import type { Scope } from '../registry/scope.ts';
import { qb } from '../../db/sql.ts';
import type { Kop, Signer } from './document.ts';

/** What every report builder receives: the data, the caller's area, the clock and the settings. */
export interface ReportContext {
  sql: Sql;
  regions: RegionNames;
  scope: Scope;
  now: Date;
  /** Who produces the document (printed in the footer of documents that are not frozen). */
  username: string;
  settings: ReportSettingsView;
}

export function kopOf(settings: ReportSettingsView): Kop {
  const contact = [
    settings.kop.phone ? `Telepon ${settings.kop.phone}` : '',
    settings.kop.email ? `Surel ${settings.kop.email}` : '',
    settings.kop.website ? `Laman ${settings.kop.website}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return { lines: settings.kop.lines, address: settings.kop.address, contact, logo: settings.logo };
}

export function signersOf(settings: ReportSettingsView, kind: ReportKind): Signer[] {
  return settings.reports[kind].signers.map((s) => ({
    caption: [s.caption, s.position].filter((l) => l.trim() !== ''),
    name: s.name || null,
    rank: s.rank || null,
    nip: s.nip,
  }));
}

/** "Batu, 17 Agustus 2025" */
export const placeLine = (settings: ReportSettingsView, at: Date | string): string =>
  `${settings.city}, ${formatDateId(typeof at === 'string' ? at : at.toISOString())}`;

export const printedLine = (at: Date | string, username: string): string =>
  `Dicetak ${formatDateTimeId(typeof at === 'string' ? at : at.toISOString())} oleh ${username} · Bansos Desk`;

/** NIK or KK as the report's setting wants it. */
export const idNumber = (value: string | null, mask: boolean): string =>
  value ? (mask ? maskIdNumber(value) : value) : '';

/** "Seluruh Kota Batu", or the kecamatan/desa of a user limited to an area. */
export function areaLabel(ctx: ReportContext): string {
  if (!ctx.scope.desaCodes) return 'Seluruh Kota Batu';
  const names = [...ctx.scope.desaCodes].filter(Boolean).map((c) => ctx.regions.name(c));
  return names.length > 4 ? `${names.length} desa/kelurahan wilayah kerja` : names.join(', ');
}

export interface DesaRef {
  code: string;
  name: string;
  level: string;
  kecamatanCode: string;
  kecamatanName: string;
}

/** Desa and kelurahan the caller may see, by kecamatan then code (the order of every table). */
export function desaInScope(ctx: ReportContext, options: { kecamatanCode?: string } = {}): DesaRef[] {
  const rows = ctx.sql.all(
    qb
      .selectFrom('regions as d')
      .innerJoin('regions as k', 'k.code', 'd.parent_code')
      .select(['d.code', 'd.name', 'd.level', 'k.code as kecamatan_code', 'k.name as kecamatan_name'])
      .where('d.level', 'in', ['desa', 'kelurahan'])
      .orderBy('k.code')
      .orderBy('d.code'),
  );
  return rows
    .filter((r) => !ctx.scope.desaCodes || ctx.scope.desaCodes.has(r.code))
    .filter((r) => !options.kecamatanCode || r.kecamatan_code === options.kecamatanCode)
    .map((r) => ({
      code: r.code,
      name: r.name,
      level: r.level,
      kecamatanCode: r.kecamatan_code,
      kecamatanName: r.kecamatan_name,
    }));
}

/** `desa_code IN (...)` for a scoped query, or nothing for the whole city. */
export function scopeCodes(ctx: ReportContext): string[] | null {
  return ctx.scope.desaCodes ? [...ctx.scope.desaCodes, ''] : null;
}

export const fraction = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);
