import { useId, useState } from 'react';
import type { ProgramView } from '../../../common/api/methods/programs.ts';
import { groupDigits, parseRupiah } from '../../../common/domain/money.ts';
import { CHANNELS } from '../../../common/domain/registry.ts';
import { useCall } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { MoneyField } from '../../components/MoneyField.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { AMOUNT_UNITS, programStrings, SCHEDULES, type AmountUnit, type Schedule } from './strings.ts';

type Channel = (typeof CHANNELS)[number];
type ComponentView = ProgramView['components'][number];

export function ProgramDialog({
  program,
  all,
  onClose,
  onSaved,
}: {
  program: ProgramView;
  all: ProgramView[];
  onClose: () => void;
  onSaved: (program: ProgramView) => void;
}) {
  const s = useStrings(programStrings);
  const call = useCall();
  const descriptionId = useId();
  const [form, setForm] = useState({
    name: program.name,
    description: program.description,
    schedule: program.schedule as Schedule,
    defaultChannel: program.defaultChannel as Channel | null,
    desaOnly: program.desaOnly,
    excludes: program.excludes,
    active: program.active,
  });
  const save = useSave();
  const errors = save.errors;
  const update = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch)) save.clear(key);
  };
  // Other programmes, plus any excluded code that no longer exists (kept so it is not lost silently).
  const others = [
    ...all.filter((p) => p.id !== program.id).map((p) => ({ code: p.code, name: p.name })),
    ...program.excludes
      .filter((code) => !all.some((p) => p.code === code))
      .map((code) => ({ code, name: code })),
  ];

  const submit = () => {
    if (form.name.trim().length < 2) return save.refuse([{ path: 'name', message: s.nameRequired }]);
    void save.run(
      () => call('reference.updateProgram', { id: program.id, ...form, name: form.name.trim() }),
      onSaved,
    );
  };

  return (
    <FormDialog
      title={s.editProgramTitle(program.name)}
      save={save}
      shown={['name', 'description', 'schedule', 'defaultChannel', 'excludes']}
      submitLabel={s.save}
      busyLabel={s.saving}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label={s.name}
        value={form.name}
        maxLength={120}
        onChange={(e) => update({ name: e.target.value })}
        error={errors.name}
      />
      <div className="field">
        <label htmlFor={descriptionId}>{s.description}</label>
        <textarea
          id={descriptionId}
          rows={3}
          maxLength={1000}
          value={form.description}
          onChange={(e) => update({ description: e.target.value })}
        />
        {errors.description ? (
          <div className="error" role="alert">
            {errors.description}
          </div>
        ) : null}
      </div>
      <div className="form-grid">
        <SelectField
          label={s.schedule}
          value={form.schedule}
          onChange={(e) => update({ schedule: e.target.value as Schedule })}
          error={errors.schedule}
        >
          {SCHEDULES.map((code) => (
            <option key={code} value={code}>
              {s.schedules[code]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={s.channel}
          value={form.defaultChannel ?? ''}
          onChange={(e) => update({ defaultChannel: (e.target.value || null) as Channel | null })}
          error={errors.defaultChannel}
        >
          <option value="">{s.noChannel}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {s.channels[c]}
            </option>
          ))}
        </SelectField>
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={form.desaOnly}
          onChange={(e) => update({ desaOnly: e.target.checked })}
        />
        <span>{s.desaOnlyLabel}</span>
      </label>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 1.1rem' }}>
        <legend style={{ fontWeight: 600, marginBottom: '0.3rem' }}>{s.excludes}</legend>
        <div className="hint" style={{ marginBottom: '0.5rem' }}>
          {s.excludesHint}
        </div>
        {others.map((o) => (
          <label key={o.code} className="checkbox" style={{ marginBottom: '0.4rem' }}>
            <input
              type="checkbox"
              checked={form.excludes.includes(o.code)}
              onChange={(e) =>
                update({
                  excludes: e.target.checked
                    ? [...form.excludes, o.code]
                    : form.excludes.filter((c) => c !== o.code),
                })
              }
            />
            <span>{o.name}</span>
          </label>
        ))}
        {errors.excludes ? (
          <div className="error" role="alert">
            {errors.excludes}
          </div>
        ) : null}
      </fieldset>
      <label className="checkbox" style={{ marginBottom: '0.25rem' }}>
        <input type="checkbox" checked={form.active} onChange={(e) => update({ active: e.target.checked })} />
        <span>{s.activeLabel}</span>
      </label>
      <p className={form.active ? 'muted' : 'warning-text'} style={{ marginLeft: '1.9rem' }}>
        {s.inactiveHint}
      </p>
    </FormDialog>
  );
}

export function ComponentDialog({
  program,
  component,
  onClose,
  onSaved,
}: {
  program: ProgramView;
  component: ComponentView | null;
  onClose: () => void;
  onSaved: (program: ProgramView) => void;
}) {
  const s = useStrings(programStrings);
  const call = useCall();
  const [form, setForm] = useState({
    code: component?.code ?? '',
    name: component?.name ?? '',
    amount: component ? groupDigits(component.amount) : '',
    amountUnit: (component?.amountUnit ?? 'per_bulan') as AmountUnit,
    active: component?.active ?? true,
  });
  const save = useSave();
  const errors = save.errors;
  const parsed = parseRupiah(form.amount);
  const update = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch)) save.clear(key);
  };

  const submit = () => {
    const local: { path: string; message: string }[] = [];
    if (!component && !/^[a-z0-9_]{2,30}$/.test(form.code.trim()))
      local.push({ path: 'code', message: s.codeInvalid });
    if (form.name.trim().length < 2) local.push({ path: 'name', message: s.nameRequired });
    if (!parsed.ok) local.push({ path: 'amount', message: s.rupiah[parsed.problem] });
    if (local.length || !parsed.ok) return save.refuse(local);
    void save.run(
      () =>
        call('reference.saveComponent', {
          ...(component ? { id: component.id } : {}),
          programId: program.id,
          code: form.code.trim(),
          name: form.name.trim(),
          amount: parsed.value,
          amountUnit: form.amountUnit,
          active: form.active,
        }),
      onSaved,
    );
  };

  return (
    <FormDialog
      title={component ? s.editComponentTitle(component.name) : s.addComponentTitle(program.name)}
      save={save}
      shown={['code', 'name', 'amount', 'amountUnit']}
      submitLabel={s.save}
      busyLabel={s.saving}
      onClose={onClose}
      onSubmit={submit}
    >
      <TextField
        label={s.componentName}
        value={form.name}
        maxLength={120}
        onChange={(e) => update({ name: e.target.value })}
        error={errors.name}
      />
      {component ? (
        <p>
          <span className="muted">{s.componentCode}:</span> <span className="mono">{component.code}</span>
        </p>
      ) : (
        <TextField
          label={s.componentCode}
          hint={s.componentCodeHint}
          value={form.code}
          maxLength={30}
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => update({ code: e.target.value })}
          error={errors.code}
        />
      )}
      <div className="form-grid">
        <MoneyField
          label={s.amount}
          hint={parsed.ok ? s.amountPer(s.units[form.amountUnit]) : s.amountHint}
          value={form.amount}
          placeholder="1.500.000"
          onChange={(e) => update({ amount: e.target.value })}
          error={errors.amount}
        />
        <SelectField
          label={s.unit}
          value={form.amountUnit}
          onChange={(e) => update({ amountUnit: e.target.value as AmountUnit })}
          error={errors.amountUnit}
        >
          {AMOUNT_UNITS.map((u) => (
            <option key={u} value={u}>
              {s.units[u]}
            </option>
          ))}
        </SelectField>
      </div>
      {component ? <Notice tone="info">{s.amountFuture}</Notice> : null}
      <label className="checkbox" style={{ marginBottom: '0.25rem' }}>
        <input type="checkbox" checked={form.active} onChange={(e) => update({ active: e.target.checked })} />
        <span>{s.componentActiveLabel}</span>
      </label>
      <p className={form.active ? 'muted' : 'warning-text'} style={{ marginLeft: '1.9rem' }}>
        {s.componentInactiveHint}
      </p>
    </FormDialog>
  );
}
