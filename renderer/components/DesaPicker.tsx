import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RegionView } from '../../common/api/methods/admin.ts';
import { useCall, useSession } from '../app/session.tsx';
import { SelectField } from './Field.tsx';

/** Desa and kelurahan the user may work in (their area, or the whole city), by kecamatan. */
export function useDesaChoices(): {
  groups: { kecamatan: RegionView; desa: RegionView[] }[];
  nameOf: (code: string) => string;
} {
  const call = useCall();
  const { session } = useSession();
  const [regions, setRegions] = useState<RegionView[]>([]);
  useEffect(() => {
    let live = true;
    void call('regions.list', {}).then((r) => {
      if (live && r.ok) setRegions(r.value);
    });
    return () => {
      live = false;
    };
  }, [call]);
  return useMemo(() => {
    const area = session.user.area;
    const whole = !area.kecamatan.length && !area.desa.length;
    const allowed = (r: RegionView) =>
      whole || area.desa.includes(r.code) || (!!r.parentCode && area.kecamatan.includes(r.parentCode));
    const desa = regions.filter((r) => (r.level === 'desa' || r.level === 'kelurahan') && allowed(r));
    const groups = regions
      .filter((r) => r.level === 'kecamatan')
      .map((kecamatan) => ({ kecamatan, desa: desa.filter((d) => d.parentCode === kecamatan.code) }))
      .filter((g) => g.desa.length > 0);
    const orphans = desa.filter((d) => !groups.some((g) => g.kecamatan.code === d.parentCode));
    if (orphans.length)
      groups.push({
        kecamatan: { code: '', name: '—', level: 'kecamatan', parentCode: null, postalCode: null },
        desa: orphans,
      });
    const nameOf = (code: string) => regions.find((r) => r.code === code)?.name ?? code;
    return { groups, nameOf };
  }, [regions, session.user.area]);
}

/**
 * The one desa/kelurahan picker: only the user's area, grouped by kecamatan; `emptyLabel` adds
 * a "none / all" choice.
 */
export function DesaPicker({
  label,
  value,
  onChange,
  emptyLabel,
  hint,
  error,
  required,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
}) {
  const { groups } = useDesaChoices();
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={hint}
      error={error}
      required={required}
    >
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {groups.map((g) => (
        <optgroup key={g.kecamatan.code || 'lain'} label={`Kec. ${g.kecamatan.name}`}>
          {g.desa.map((d) => (
            <option key={d.code} value={d.code}>
              {d.level === 'kelurahan' ? `Kel. ${d.name}` : `Desa ${d.name}`}
            </option>
          ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
