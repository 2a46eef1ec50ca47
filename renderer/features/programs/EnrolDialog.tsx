import { useCallback, useEffect, useRef, useState } from 'react';
import type { EnrolmentView, ProgramView } from '../../../common/api/methods/programs.ts';
import type { ProblemView } from '../../../common/api/methods/registry.ts';
import { CHANNELS } from '../../../common/domain/registry.ts';
import { formatRupiah } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog, FormDialog } from '../../components/Dialog.tsx';
import { SelectField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { programStrings } from './strings.ts';

type Channel = (typeof CHANNELS)[number];

export interface EnrolMember {
  id: string;
  name: string;
  status: string;
}

/**
 * Enrols a household (or one of its members) in a programme.
 *
 * - `onClose`: the user cancelled; nothing was saved.
 * - `onDone(enrolment)`: the enrolment is saved. When the server warned about a double benefit,
 *   the dialog first stays open showing the warning, and `onDone` comes when the user closes it
 *   (with "Tutup" or Escape), so a parent that closes the dialog in `onDone` never hides it.
 */
export function EnrolDialog({
  householdId,
  members,
  onClose,
  onDone,
}: {
  householdId: string;
  members: EnrolMember[];
  onClose: () => void;
  onDone: (enrolment: EnrolmentView) => void;
}) {
  const s = useStrings(programStrings);
  const call = useCall();
  const [programs, setPrograms] = useState<ProgramView[] | null>(null);
  const [form, setForm] = useState({
    programId: '',
    componentId: '',
    personId: '',
    status: 'usulan' as 'usulan' | 'aktif',
    channel: '' as Channel | '',
  });
  const save = useSave();
  const [saved, setSaved] = useState<{ value: EnrolmentView; warnings: ProblemView[] } | null>(null);

  // The parent may pass new callbacks on every render; the Dialog must not see them change
  // (it would move focus back to the first field).
  const latest = useRef({ onClose, onDone, saved });
  useEffect(() => {
    latest.current = { onClose, onDone, saved };
  });
  const close = useCallback(() => {
    const { onClose: cancel, onDone: done, saved: result } = latest.current;
    if (result) done(result.value);
    else cancel();
  }, []);

  // useState's setter, the same on every render: the list is read once.
  const showError = save.setError;
  useEffect(() => {
    void call('reference.programs', {}).then((r) => {
      if (r.ok) setPrograms(r.value.filter((p) => p.active));
      else showError(r.error);
    });
  }, [call, showError]);

  const program = programs?.find((p) => p.id === form.programId) ?? null;
  const components = program?.components.filter((c) => c.active) ?? [];
  const activeMembers = members.filter((m) => m.status === 'aktif');
  const hiddenMembers = members.length - activeMembers.length;
  const personRequired = program?.target === 'person';
  const errors = save.errors;
  const update = (patch: Partial<typeof form>) => {
    setForm({ ...form, ...patch });
    for (const key of Object.keys(patch)) save.clear(key);
  };

  const chooseProgram = (programId: string) => {
    const next = programs?.find((p) => p.id === programId);
    const active = next?.components.filter((c) => c.active) ?? [];
    setForm({
      ...form,
      programId,
      componentId: active.length === 1 ? active[0]!.id : '',
      personId: next?.target === 'person' && activeMembers.length === 1 ? activeMembers[0]!.id : '',
      channel: '',
    });
    save.setError(null);
  };

  const submit = () => {
    const local: { path: string; message: string }[] = [];
    if (!program) local.push({ path: 'programId', message: s.required });
    if (program && components.length > 1 && !form.componentId)
      local.push({ path: 'componentId', message: s.required });
    if (personRequired && !form.personId) local.push({ path: 'personId', message: s.memberRequired });
    if (local.length || !program) return save.refuse(local);
    void save.run(
      () =>
        call('enrolments.create', {
          householdId,
          programId: program.id,
          componentId: form.componentId || null,
          personId: form.personId || null,
          status: form.status,
          channel: form.channel || null,
        }),
      (result) => (result.warnings.length ? setSaved(result) : onDone(result.value)),
    );
  };

  if (saved) {
    return (
      // A new key remounts the dialog, so focus moves to its "Tutup" button.
      <Dialog key="warnings" title={s.enrolTitle} onClose={close}>
        <Notice tone="warning" title={s.enrolledTitle}>
          <ul style={{ margin: '0.25rem 0 0', paddingLeft: '1.2rem' }}>
            {saved.warnings.map((w, i) => (
              <li key={`${w.code}-${i}`}>{w.message}</li>
            ))}
          </ul>
        </Notice>
        <p>
          {s.enrolledBody(
            `${saved.value.programName}${saved.value.componentName ? ` (${saved.value.componentName})` : ''}`,
            s.enrolmentStatus[saved.value.status],
          )}
        </p>
        <div className="btn-row">
          <button type="button" className="btn btn-primary" onClick={close}>
            {s.close}
          </button>
        </div>
      </Dialog>
    );
  }

  const defaultChannel = program?.defaultChannel;

  return (
    <FormDialog
      title={s.enrolTitle}
      intro={
        <>
          <p className="muted">{s.enrolIntro}</p>
          {programs && programs.length === 0 ? <Notice tone="info">{s.noPrograms}</Notice> : null}
        </>
      }
      save={save}
      shown={['programId', 'componentId', 'personId', 'status', 'channel']}
      submitLabel={s.enrol}
      busyLabel={s.enrolling}
      ready={!!programs?.length}
      onClose={close}
      onSubmit={submit}
    >
      <SelectField
        label={s.program}
        value={form.programId}
        onChange={(e) => chooseProgram(e.target.value)}
        error={errors.programId}
        hint={
          program ? (
            <>
              {program.description}
              {program.desaOnly ? <strong> {s.desaOnlyNotice}</strong> : null}
            </>
          ) : undefined
        }
        disabled={!programs}
      >
        <option value="">{s.chooseProgram}</option>
        {programs?.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </SelectField>
      {program && components.length > 0 ? (
        <SelectField
          label={s.component}
          value={form.componentId}
          onChange={(e) => update({ componentId: e.target.value })}
          error={errors.componentId}
        >
          {components.length > 1 ? <option value="">{s.chooseComponent}</option> : null}
          {components.map((c) => (
            <option key={c.id} value={c.id}>
              {c.amount > 0
                ? s.componentOption(c.name, `${formatRupiah(c.amount)} ${s.units[c.amountUnit]}`)
                : c.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {program && (personRequired || components.length > 1) ? (
        <SelectField
          label={s.member}
          value={form.personId}
          onChange={(e) => update({ personId: e.target.value })}
          error={errors.personId}
          hint={
            <>
              {personRequired ? s.memberRequired : s.memberOptional}
              {hiddenMembers > 0 ? ` ${s.inactiveMembersHidden(hiddenMembers)}` : ''}
            </>
          }
        >
          <option value="">{personRequired ? s.chooseMember : s.memberWholeHousehold}</option>
          {activeMembers.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </SelectField>
      ) : null}
      {program && personRequired && activeMembers.length === 0 ? (
        <Notice tone="warning">{s.noActiveMembers}</Notice>
      ) : null}
      <fieldset className="field" style={{ border: 0, padding: 0, margin: '0 0 1.1rem' }}>
        <legend style={{ fontWeight: 600, marginBottom: '0.3rem' }}>{s.enrolStatus}</legend>
        {(['usulan', 'aktif'] as const).map((status) => (
          <label key={status} className="checkbox" style={{ marginBottom: '0.4rem' }}>
            <input
              type="radio"
              name="enrol-status"
              value={status}
              checked={form.status === status}
              onChange={() => update({ status })}
            />
            <span>{s.enrolStatuses[status]}</span>
          </label>
        ))}
        {errors.status ? (
          <div className="error" role="alert">
            {errors.status}
          </div>
        ) : null}
      </fieldset>
      {program && program.benefit === 'cash' ? (
        <SelectField
          label={s.enrolChannel}
          value={form.channel}
          onChange={(e) => update({ channel: e.target.value as Channel | '' })}
          error={errors.channel}
        >
          <option value="">
            {defaultChannel ? s.enrolChannelDefault(s.channels[defaultChannel]) : s.enrolChannelNone}
          </option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {s.channels[c]}
            </option>
          ))}
        </SelectField>
      ) : null}
    </FormDialog>
  );
}
