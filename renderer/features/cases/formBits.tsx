import { useEffect, useId, useState, type ReactNode, type TextareaHTMLAttributes } from 'react';
import { can, ROLES, type Permission, type Role } from '../../../common/auth/roles.ts';
import { useCall } from '../../app/session.tsx';
import { useLengthError } from '../../components/Field.tsx';

/**
 * Small pieces shared by the casework pages (cases, complaints, verification). They could move
 * to renderer/components/ once another feature needs them.
 */

/** A multi-line field wired like TextField: label, hint and error announced to screen readers. */
export function TextAreaField({
  label,
  hint,
  error,
  maxLength,
  ...textarea
}: {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  // Said, not cut (see useLengthError).
  const tooLong = useLengthError(textarea.value, maxLength);
  error ??= tooLong;
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
