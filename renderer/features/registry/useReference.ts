import { useEffect, useState } from 'react';
import type { RegionView } from '../../../common/api/methods/admin.ts';
import type { ProgramView, RefValueView } from '../../../common/api/methods/programs.ts';
import { call } from '../../api/bridge.ts';

export interface Reference {
  regions: RegionView[];
  /** Desa and kelurahan, grouped under their kecamatan name for <optgroup>. */
  desaGroups: { kecamatan: string; desa: RegionView[] }[];
  values: (kind: string) => RefValueView[];
  label: (kind: string, code: string | null | undefined) => string;
  programs: ProgramView[];
}

let cached: Promise<Reference> | null = null;

async function load(): Promise<Reference> {
  const [regions, values, programs] = await Promise.all([
    call('regions.list', {}),
    call('reference.values', {}),
    call('reference.programs', {}),
  ]);
  const all = regions.ok ? regions.value : [];
  const refs = values.ok ? values.value : [];
  const kecamatan = all.filter((r) => r.level === 'kecamatan');
  return {
    regions: all,
    desaGroups: kecamatan.map((k) => ({
      kecamatan: k.name,
      desa: all.filter((r) => r.parentCode === k.code && (r.level === 'desa' || r.level === 'kelurahan')),
    })),
    values: (kind) => refs.filter((v) => v.kind === kind && v.active),
    label: (kind, code) =>
      code ? (refs.find((v) => v.kind === kind && v.code === code)?.label ?? code) : '',
    programs: programs.ok ? programs.value : [],
  };
}

/** Regions, reference lists and programmes: read once per app session (they rarely change). */
export function useReference(): Reference | null {
  const [reference, setReference] = useState<Reference | null>(null);
  useEffect(() => {
    cached ??= load();
    void cached.then(setReference);
  }, []);
  return reference;
}

/** After an admin edits reference data. */
export function forgetReference(): void {
  cached = null;
}
