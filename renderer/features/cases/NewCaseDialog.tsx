import { useState } from 'react';
import type { CaseView } from '../../../common/api/methods/casework.ts';
import {
  ATENSI_CLUSTER_LABELS,
  ATENSI_CLUSTERS,
  CASE_TYPE_LABELS,
  CASE_TYPES,
} from '../../../common/domain/registry.ts';
import { addDays, todayWib } from '../../../common/domain/localDate.ts';
import { formatDateId } from '../../../common/format.ts';
import { useCall, useSession } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { useChangedFrom } from '../../components/useChangedFrom.ts';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { staffFor, TextAreaField, useDirectory } from './formBits.tsx';
import { casesStrings } from './strings.ts';

type CaseType = (typeof CASE_TYPES)[number];
type Cluster = (typeof ATENSI_CLUSTERS)[number];

/**
 * Opens a case for one family (from the household page or the case list). Only the type and a
 * title are required; the due date defaults to 14 days from today (set by the server).
 */
export function NewCaseDialog({
  householdId,
  members,
  defaultPersonId,
  onClose,
  onDone,
}: {
  householdId: string;
  members: { id: string; name: string }[];
  /** Pre-selects the family member the case is about (e.g. the person found in a search). */
  defaultPersonId?: string | null;
  onClose: () => void;
  onDone: (created: CaseView) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const { session } = useSession();
  const { staff } = useDirectory();
  const [form, setForm] = useState({
    type: 'permohonan_bantuan' as CaseType,
    title: '',
    description: '',
    personId: defaultPersonId ?? '',
    atensiCluster: '' as Cluster | '',
    assignedTo: session.permissions.includes('cases.write') ? session.user.id : '',
    dueDate: '',
  });
  const save = useSave();
  const dirty = useChangedFrom(form);
  const errors = save.errors;
  const today = todayWib();
  const candidates = staffFor(staff, 'cases.write', form.assignedTo || null);

  const submit = () => {
    const problems: { path: string; message: string }[] = [];
    if (form.title.trim().length < 3) problems.push({ path: 'title', message: s.titleTooShort });
    if (form.type === 'atensi' && !form.atensiCluster)
      problems.push({ path: 'atensiCluster', message: s.clusterRequired });
    if (form.dueDate && form.dueDate < today) problems.push({ path: 'dueDate', message: s.duePast });
    if (problems.length) return save.refuse(problems);
    void save.run(
      () =>
        call('cases.create', {
          householdId,
          personId: form.personId || null,
          type: form.type,
          title: form.title.trim(),
          description: form.description.trim(),
          atensiCluster: form.type === 'atensi' && form.atensiCluster ? form.atensiCluster : null,
          assignedTo: form.assignedTo || null,
          dueDate: form.dueDate || null,
        }),
      onDone,
    );
  };

  return (
    <FormDialog
      title={s.newCaseTitle}
      dirty={dirty}
      intro={Object.keys(errors).length ? <Notice tone="error">{s.fixErrors}</Notice> : null}
      save={save}
      submitLabel={s.createCase}
      busyLabel={s.creating}
      onClose={onClose}
      onSubmit={submit}
    >
      <SelectField
        label={s.caseType}
        value={form.type}
        onChange={(e) => setForm({ ...form, type: e.target.value as CaseType })}
        error={errors.type}
      >
        {CASE_TYPES.map((t) => (
          <option key={t} value={t}>
            {CASE_TYPE_LABELS[t]}
          </option>
        ))}
      </SelectField>
      {form.type === 'atensi' ? (
        <SelectField
          label={s.cluster}
          value={form.atensiCluster}
          onChange={(e) => setForm({ ...form, atensiCluster: e.target.value as Cluster | '' })}
          error={errors.atensiCluster}
        >
          <option value="">{s.chooseCluster}</option>
          {ATENSI_CLUSTERS.map((c) => (
            <option key={c} value={c}>
              {ATENSI_CLUSTER_LABELS[c]}
            </option>
          ))}
        </SelectField>
      ) : null}
      <TextField
        label={s.caseTitle}
        hint={s.caseTitleHint}
        value={form.title}
        maxLength={160}
        onChange={(e) => setForm({ ...form, title: e.target.value })}
        error={errors.title}
      />
      <TextAreaField
        label={s.caseDescription}
        value={form.description}
        maxLength={4000}
        onChange={(e) => setForm({ ...form, description: e.target.value })}
        error={errors.description}
      />
      <SelectField
        label={s.personOptional}
        value={form.personId}
        onChange={(e) => setForm({ ...form, personId: e.target.value })}
        error={errors.personId}
      >
        <option value="">{s.wholeFamily}</option>
        {members.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name}
          </option>
        ))}
      </SelectField>
      <div className="form-grid">
        <SelectField
          label={s.assignee}
          value={form.assignedTo}
          onChange={(e) => setForm({ ...form, assignedTo: e.target.value })}
          error={errors.assignedTo}
        >
          <option value="">{s.unassigned}</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.fullName}
            </option>
          ))}
        </SelectField>
        <DateField
          label={s.dueOptional}
          min={today}
          value={form.dueDate}
          onChange={(e) => setForm({ ...form, dueDate: e.target.value })}
          hint={form.dueDate ? undefined : s.dueDefault(formatDateId(addDays(today, 14)))}
          error={errors.dueDate}
        />
      </div>
    </FormDialog>
  );
}
