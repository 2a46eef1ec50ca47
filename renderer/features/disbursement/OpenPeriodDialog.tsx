import { useState } from 'react';
import type { PeriodView } from '../../../common/api/methods/casework.ts';
import type { ProgramView } from '../../../common/api/methods/programs.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import { periodAmount } from '../../../common/domain/registry.ts';
import { formatRupiah, MONTHS_ID } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { autoPeriodLabel, disbursementStrings } from './strings.ts';

/** Opens a period for one cash programme; the recipient list is frozen at this moment. */
export function OpenPeriodDialog({
  programs,
  initialProgramId,
  onClose,
  onOpened,
}: {
  programs: ProgramView[];
  initialProgramId: string;
  onClose: () => void;
  onOpened: (period: PeriodView) => void;
}) {
  const s = useStrings(disbursementStrings);
  const call = useCall();
  const today = todayWib();
  const [form, setForm] = useState({
    programId: programs.some((p) => p.id === initialProgramId) ? initialProgramId : '',
    year: today.slice(0, 4),
    startMonth: Number(today.slice(5, 7)),
    months: 1,
    label: '',
    dueDate: '',
  });
  const save = useSave();
  const errors = save.errors;
  const update = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch)) save.clear(key);
  };
  const program = programs.find((p) => p.id === form.programId);
  const year = Number(form.year);
  const yearOk = Number.isInteger(year) && year >= 2000 && year <= 2100;
  const autoLabel = autoPeriodLabel(
    MONTHS_ID,
    yearOk ? year : Number(today.slice(0, 4)),
    form.startMonth,
    form.months,
  );
  const components = program?.components.filter((c) => c.active) ?? [];

  const submit = () => {
    const local: { path: string; message: string }[] = [];
    if (!program) local.push({ path: 'programId', message: s.required });
    if (!yearOk) local.push({ path: 'year', message: s.yearInvalid });
    if (local.length) return save.refuse(local);
    void save.run(
      () =>
        call('disbursement.openPeriod', {
          programId: form.programId,
          year,
          startMonth: form.startMonth,
          months: form.months,
          ...(form.label.trim() ? { label: form.label.trim() } : {}),
          ...(form.dueDate ? { dueDate: form.dueDate } : {}),
        }),
      onOpened,
    );
  };

  return (
    <FormDialog
      title={s.openTitle}
      intro={<Notice tone="info">{s.openFreeze}</Notice>}
      save={save}
      shown={['programId', 'year', 'startMonth', 'months', 'label', 'dueDate']}
      submitLabel={s.openConfirm}
      busyLabel={s.opening}
      onClose={onClose}
      onSubmit={submit}
    >
      <SelectField
        label={s.program}
        hint={s.cashOnly}
        value={form.programId}
        onChange={(e) => update({ programId: e.target.value })}
        error={errors.programId}
      >
        <option value="">{s.chooseProgram}</option>
        {programs.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {program ? (
        <div
          className="notice notice-info"
          style={{ background: 'var(--surface-sunk)', borderColor: 'var(--border)' }}
        >
          <p style={{ margin: '0 0 0.35rem' }}>{s.enrolledNow(program.activeEnrolments)}</p>
          {components.length ? (
            <>
              <div>{s.perComponent(form.months)}</div>
              <ul style={{ margin: '0.2rem 0 0', paddingLeft: '1.2rem' }}>
                {components.map((c) => (
                  <li key={c.id}>
                    {c.name}:{' '}
                    <strong>{formatRupiah(periodAmount(c.amount, c.amountUnit, form.months))}</strong>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <div className="form-grid" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))' }}>
        <TextField
          label={s.year}
          type="number"
          inputMode="numeric"
          min={2000}
          max={2100}
          value={form.year}
          onChange={(e) => update({ year: e.target.value })}
          error={errors.year}
        />
        <SelectField
          label={s.startMonth}
          value={form.startMonth}
          onChange={(e) => update({ startMonth: Number(e.target.value) })}
          error={errors.startMonth}
        >
          {s.monthNames.map((name, i) => (
            <option key={name} value={i + 1}>
              {name}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={s.monthCount}
          value={form.months}
          onChange={(e) => update({ months: Number(e.target.value) })}
          error={errors.months}
        >
          {Array.from({ length: 12 }, (_, i) => i + 1).map((n) => (
            <option key={n} value={n}>
              {s.months(n)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField
        label={s.label}
        hint={s.labelHint(autoLabel)}
        placeholder={autoLabel}
        maxLength={60}
        value={form.label}
        onChange={(e) => update({ label: e.target.value })}
        error={errors.label}
      />
      <DateField
        label={s.dueDate}
        hint={s.dueDateHint}
        value={form.dueDate}
        onChange={(e) => update({ dueDate: e.target.value })}
        error={errors.dueDate}
      />
    </FormDialog>
  );
}
