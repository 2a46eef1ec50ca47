import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { formatDateId } from '../../common/format.ts';
import { useT } from '../i18n/i18n.tsx';

interface FieldShell {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  warning?: string | undefined;
}

/** Label, input, hint and error wired together for screen readers (aria-describedby). */
function Shell({
  label,
  hint,
  error,
  warning,
  id,
  children,
}: FieldShell & { id: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint ? (
        <div className="hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {warning ? (
        <div className="warning" id={`${id}-warning`}>
          {warning}
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

const describedBy = (id: string, f: FieldShell) =>
  [f.hint && `${id}-hint`, f.warning && `${id}-warning`, f.error && `${id}-error`]
    .filter(Boolean)
    .join(' ') || undefined;

export function TextField({
  label,
  hint,
  error,
  warning,
  ...input
}: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <Shell id={id} label={label} hint={hint} error={error} warning={warning}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error, warning })}
        {...input}
      />
    </Shell>
  );
}

/**
 * A date box with the chosen date spelled out under it ("Terpilih: 15 Januari 2026."): the
 * browser's date box follows the computer's locale and may show the month first.
 */
export function DateField({
  hint,
  value,
  ...input
}: FieldShell & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value'> & { value: string }) {
  const t = useT();
  const chosen = /^\d{4}-\d{2}-\d{2}$/.test(value) ? t.common.dateChosen(formatDateId(value)) : null;
  return (
    <TextField
      {...input}
      type="date"
      value={value}
      hint={
        chosen && hint ? (
          <>
            {chosen} {hint}
          </>
        ) : (
          (chosen ?? hint)
        )
      }
    />
  );
}

export function PasswordField({
  label,
  hint,
  error,
  value,
  ...input
}: FieldShell & InputHTMLAttributes<HTMLInputElement> & { value: string }) {
  const id = useId();
  const t = useT();
  const [visible, setVisible] = useState(false);
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <div className="input-with-button">
        <input
          id={id}
          type={visible ? 'text' : 'password'}
          value={value}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { label, hint, error })}
          {...input}
        />
        <button type="button" className="btn" onClick={() => setVisible((v) => !v)} aria-controls={id}>
          {visible ? t.common.hide : t.common.show}
        </button>
      </div>
    </Shell>
  );
}

export function SelectField({
  label,
  hint,
  error,
  children,
  ...select
}: FieldShell & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <Shell id={id} label={label} hint={hint} error={error}>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { label, hint, error })}
        {...select}
      >
        {children}
      </select>
    </Shell>
  );
}
