import { useEffect, useId, useMemo, useState, type ReactNode, type TextareaHTMLAttributes } from 'react';
import type { RegionView } from '../../../common/api/methods/admin.ts';
import { can, ROLES, type Permission, type Role } from '../../../common/auth/roles.ts';
import { useCall, useSession } from '../../app/session.tsx';
import { SelectField } from '../../components/Field.tsx';

/**
 * Small pieces shared by the casework pages (cases, complaints, verification). They could move
 * to renderer/components/ once another feature needs them.
 */

/** A multi-line field wired like TextField: label, hint and error announced to screen readers. */
export function TextAreaField({
  label,
  hint,
  error,
  ...textarea
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={4}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        style={error ? { borderColor: 'var(--danger)', borderWidth: 2 } : undefined}
        {...textarea}
      />
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? (
        <div className="error" id={`${id}-error`} role="alert">
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** Today's date in Kota Batu (WIB, UTC+7) as YYYY-MM-DD, whatever the machine's zone. */
export function todayWib(): string {
  return new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole days from `isoDate` to today (positive when the date has passed). */
export function daysSince(isoDate: string): number {
  return Math.round(
    (Date.parse(`${todayWib()}T00:00:00Z`) - Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`)) / 86_400_000,
  );
}

export interface StaffMember {
  id: string;
  fullName: string;
  role: string;
}

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** Active staff (users.directory), for choosing who handles a case or complaint. */
export function useDirectory(): { staff: StaffMember[]; nameOf: (id: string | null) => string | null } {
  const call = useCall();
  const [staff, setStaff] = useState<StaffMember[]>([]);
  useEffect(() => {
    let live = true;
    void call('users.directory', {}).then((r) => {
      if (live && r.ok) setStaff(r.value);
    });
    return () => {
      live = false;
    };
  }, [call]);
  const nameOf = (id: string | null) => (id ? (staff.find((s) => s.id === id)?.fullName ?? null) : null);
  return { staff, nameOf };
}

/**
 * Staff who may do the work (`permission`), plus whoever is assigned now so the choice never
 * silently disappears from the list.
 */
export function staffFor(
  staff: StaffMember[],
  permission: Permission,
  current: string | null,
): StaffMember[] {
  return staff.filter((s) => s.id === current || !isRole(s.role) || can(s.role, permission));
}

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

/** A desa/kelurahan picker grouped by kecamatan; `emptyLabel` adds a "none / all" choice. */
export function DesaSelect({
  label,
  value,
  onChange,
  emptyLabel,
  hint,
  error,
}: {
  label: string;
  value: string;
  onChange: (code: string) => void;
  emptyLabel?: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  const { groups } = useDesaChoices();
  return (
    <SelectField
      label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={hint}
      error={error}
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

/** A checkbox with its label as one large click target. */
export function Checkbox({
  label,
  checked,
  onChange,
  hint,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  return (
    <label className="checkbox">
      <input
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        style={{ flexShrink: 0 }}
      />
      <span>
        {label}
        {hint ? (
          <>
            <br />
            <span className="muted" style={{ fontSize: '0.92rem' }}>
              {hint}
            </span>
          </>
        ) : null}
      </span>
    </label>
  );
}

/** Radio buttons in a fieldset (legend = label), each with a large click target. */
export function RadioGroup<V extends string>({
  label,
  options,
  value,
  onChange,
  error,
}: {
  label: string;
  options: { value: V; label: ReactNode }[];
  value: V | '';
  onChange: (value: V) => void;
  error?: string | undefined;
}) {
  const name = useId();
  return (
    <fieldset style={{ border: 0, padding: 0, margin: '0 0 1.1rem' }}>
      <legend style={{ fontWeight: 600, padding: 0, marginBottom: '0.3rem' }}>{label}</legend>
      {options.map((o) => (
        <label key={o.value} className="checkbox" style={{ marginBottom: '0.4rem' }}>
          <input
            type="radio"
            name={name}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange(o.value)}
            // A choice still missing after a save: the focus lands on its first option.
            aria-invalid={error ? true : undefined}
            style={{ flexShrink: 0 }}
          />
          <span>{o.label}</span>
        </label>
      ))}
      {error ? (
        // Styled like .field .error (this fieldset is not a .field: its inputs must stay small).
        <div role="alert" style={{ color: 'var(--danger)', fontWeight: 600, fontSize: '0.95rem' }}>
          ⚠ {error}
        </div>
      ) : null}
    </fieldset>
  );
}

/** "3,5" (Indonesian decimal comma) for a day count. */
export function formatDays(days: number, locale: 'id' | 'en'): string {
  const rounded = Math.round(days * 10) / 10;
  return locale === 'id' ? String(rounded).replace('.', ',') : String(rounded);
}
