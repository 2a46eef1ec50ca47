import { useId } from 'react';
import { joinMonth, MONTHS_ID, splitMonth, thisMonthWib } from '../../common/domain/localDate.ts';
import { useStrings } from '../i18n/i18n.tsx';
import { describedBy, Shell, type FieldShell, type ValueChange } from './Field.tsx';
import { fieldStrings } from './strings.ts';

/**
 * A month as Indonesian forms name it: "Desember" and "2026" in two lists. The browser's
 * <input type="month"> follows the operating system's language ("December 2026" on an English
 * Windows) and some browsers show a bare text box. The value is yyyy-mm, or '' when optional
 * and not chosen; min and max (yyyy-mm) bound the years offered and the months allowed.
 */
export function MonthField({
  label,
  hint,
  error,
  warning,
  value,
  onChange,
  min,
  max,
  required,
  disabled,
}: FieldShell & {
  value: string;
  onChange: (e: ValueChange) => void;
  min?: string | undefined;
  max?: string | undefined;
  required?: boolean;
  disabled?: boolean;
}) {
  const id = useId();
  const f = useStrings(fieldStrings);
  const now = splitMonth(thisMonthWib())!;
  const chosen = splitMonth(value);
  const low = splitMonth(min ?? '');
  const high = splitMonth(max ?? '');
  const years = yearsBetween(low?.year ?? now.year - 5, high?.year ?? now.year + 1, chosen?.year);
  const outside = (year: number, month: number) => {
    const m = joinMonth(year, month);
    return (min !== undefined && low !== null && m < min) || (max !== undefined && high !== null && m > max);
  };
  const set = (year: number | null, month: number | null) =>
    onChange({
      target: {
        value: year === null && month === null ? '' : joinMonth(year ?? now.year, month ?? now.month),
      },
    });
  const described = describedBy(id, { label, hint, error, warning });
  return (
    <Shell id={id} group label={label} hint={hint} error={error} warning={warning}>
      {/* Each list as wide as its longest name: "September" is never cut to "Septe". */}
      <div style={{ display: 'flex', gap: '0.5rem' }}>
        <select
          id={id}
          style={{ width: 'auto' }}
          aria-label={f.monthPart(label)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          value={chosen ? String(chosen.month) : ''}
          required={required}
          disabled={disabled}
          onChange={(e) => set(chosen?.year ?? null, e.target.value ? Number(e.target.value) : null)}
        >
          {chosen && required ? null : <option value="">{f.chooseMonth}</option>}
          {MONTHS_ID.map((name, i) => (
            <option key={name} value={i + 1} disabled={outside(chosen?.year ?? now.year, i + 1)}>
              {name}
            </option>
          ))}
        </select>
        <select
          style={{ width: 'auto' }}
          aria-label={f.yearPart(label)}
          aria-describedby={described}
          aria-invalid={error ? true : undefined}
          value={chosen ? String(chosen.year) : ''}
          required={required}
          disabled={disabled}
          onChange={(e) => set(e.target.value ? Number(e.target.value) : null, chosen?.month ?? null)}
        >
          {chosen && required ? null : <option value="">{f.chooseYear}</option>}
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
    </Shell>
  );
}

/** Newest first: the month a clerk wants is nearly always recent. */
function yearsBetween(from: number, to: number, chosen: number | undefined): number[] {
  const first = Math.min(from, chosen ?? from);
  const last = Math.max(to, chosen ?? to);
  return Array.from({ length: last - first + 1 }, (_, i) => last - i);
}

/**
 * The month `back` months before this one in WIB (yyyy-mm), a month field's usual default. The
 * browser's own clock would give the month of the computer's time zone: on the 1st, before
 * noon in Kota Batu, an office laptop set to New York still reads the month before.
 */
export function monthsAgoWib(back: number, now: Date = new Date()): string {
  const { year, month } = splitMonth(thisMonthWib(now))!;
  const index = year * 12 + (month - 1) - back;
  return joinMonth(Math.floor(index / 12), (index % 12) + 1);
}
