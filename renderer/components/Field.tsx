import { useId, useState, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { formatDateDmy, parseDateDmy } from '../../common/domain/localDate.ts';
import { formatDateId } from '../../common/format.ts';
import { useStrings, useT } from '../i18n/i18n.tsx';
import { fieldStrings } from './strings.ts';

export interface FieldShell {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  warning?: string | undefined;
}

/**
 * Label, input, hint and error wired together for screen readers (aria-describedby). A field
 * made of several controls (a month as month and year) is a group named by its label; the
 * label still points at the first control, so clicking it lands there.
 */
export function Shell({
  label,
  hint,
  error,
  warning,
  id,
  group,
  children,
}: FieldShell & { id: string; group?: boolean; children: ReactNode }) {
  return (
    <div className="field" {...(group ? { role: 'group', 'aria-labelledby': `${id}-label` } : {})}>
      <label id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
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

export const describedBy = (id: string, f: FieldShell) =>
  [f.hint && `${id}-hint`, f.warning && `${id}-warning`, f.error && `${id}-error`]
    .filter(Boolean)
    .join(' ') || undefined;

/**
 * A field's limit said beside it instead of enforced by the browser: `maxLength` cuts a pasted
 * text without a word (the UI probe lost half a complaint's subject that way). The text stays
 * whole, and the save is refused by the form or the API until it is shortened.
 */
export function useLengthError(value: unknown, maxLength: number | undefined): string | undefined {
  const s = useStrings(fieldStrings);
  return typeof value === 'string' && maxLength !== undefined && value.length > maxLength
    ? s.tooLong(value.length, maxLength)
    : undefined;
}

export function TextField({
  label,
  hint,
  error,
  warning,
  maxLength,
  ...input
}: FieldShell & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const tooLong = useLengthError(input.value, maxLength);
  error ??= tooLong;
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

/** What a field's onChange receives: enough of an input event for the forms' setters. */
export interface ValueChange {
  target: { value: string };
}

/**
 * A date typed day first ("17/08/2025"), whatever the computer's language: the browser's own
 * date box follows the operating system and shows mm/dd/yyyy on an English Windows. The value
 * stays ISO (yyyy-mm-dd); text that is not a real date is passed on as typed, so the form's
 * check (or the API's) refuses it instead of silently keeping the previous date.
 */
export function DateField({
  label,
  hint,
  error,
  warning,
  value,
  onChange,
  onBlur,
  ...input
}: FieldShell &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
    value: string;
    onChange?: (e: ValueChange) => void;
  }) {
  const t = useT();
  const f = useStrings(fieldStrings);
  const [text, setText] = useState(() => formatDateDmy(value));
  const [left, setLeft] = useState(false);
  const valueOf = (typed: string) => parseDateDmy(typed) ?? typed.trim();
  // The form may set the date itself (a default, a reset): the box follows it, once per change.
  const [seen, setSeen] = useState(value);
  if (value !== seen) {
    setSeen(value);
    if (valueOf(text) !== value) setText(formatDateDmy(value));
  }
  const iso = parseDateDmy(text);
  const unreadable = left && text.trim() !== '' && !iso;
  const chosen = iso ? t.common.dateChosen(formatDateId(iso)) : null;
  return (
    <TextField
      {...input}
      label={label}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={f.datePlaceholder}
      value={text}
      warning={warning}
      error={error ?? (unreadable ? f.dateFormat : undefined)}
      onChange={(e) => {
        setText(e.target.value);
        onChange?.({ target: { value: valueOf(e.target.value) } });
      }}
      onBlur={(e) => {
        setLeft(true);
        onBlur?.(e);
      }}
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
