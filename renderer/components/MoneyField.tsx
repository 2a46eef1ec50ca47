import { useState, type InputHTMLAttributes } from 'react';
import { groupDigits, parseRupiah } from '../../common/domain/money.ts';
import { formatRupiah } from '../../common/format.ts';
import { useStrings } from '../i18n/i18n.tsx';
import { TextField, type FieldShell, type ValueChange } from './Field.tsx';
import { fieldStrings } from './strings.ts';

/**
 * A rupiah amount as people type it ("1.500.000", "Rp 1500000"), read by the one parser in
 * common/domain/money.ts. Under the box it says what it read; leaving the box puts the dots in.
 * The value stays the typed text: the form parses it when it saves, with the same parser.
 */
export function MoneyField({
  hint,
  error,
  value,
  onChange,
  onBlur,
  ...input
}: FieldShell &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'value' | 'onChange'> & {
    value: string;
    onChange: (e: ValueChange) => void;
  }) {
  const f = useStrings(fieldStrings);
  const [left, setLeft] = useState(false);
  const read = parseRupiah(value);
  const problem = !read.ok && read.problem !== 'empty' && left ? f.money[read.problem] : undefined;
  const said = read.ok ? f.moneyRead(formatRupiah(read.value)) : null;
  return (
    <TextField
      {...input}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      value={value}
      error={error ?? problem}
      hint={
        said && hint ? (
          <>
            {said} {hint}
          </>
        ) : (
          (said ?? hint)
        )
      }
      onChange={(e) => onChange({ target: { value: e.target.value } })}
      onBlur={(e) => {
        setLeft(true);
        if (read.ok) onChange({ target: { value: groupDigits(read.value) } });
        onBlur?.(e);
      }}
    />
  );
}
