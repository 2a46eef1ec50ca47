import { useState } from 'react';
import type { ComplaintView } from '../../../common/api/methods/casework.ts';
import {
  COMPLAINT_CHANNEL_LABELS,
  COMPLAINT_CHANNELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_KINDS,
} from '../../../common/domain/registry.ts';
import { useCall } from '../../app/session.tsx';
import { DesaPicker } from '../../components/DesaPicker.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { useChangedFrom } from '../../components/useChangedFrom.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useSave } from '../../components/useSave.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { Checkbox, RadioGroup, TextAreaField } from './formBits.tsx';
import { casesStrings } from './strings.ts';

type Kind = (typeof COMPLAINT_KINDS)[number];
type Channel = (typeof COMPLAINT_CHANNELS)[number];

/**
 * Records a complaint (usul, sanggah or keluhan). With `householdId` it belongs to that family
 * (and its desa); without, the desa is asked. Anonymous means no identity is kept at all.
 */
export function NewComplaintDialog({
  householdId,
  onClose,
  onDone,
}: {
  householdId: string | null;
  onClose: () => void;
  onDone: (created: ComplaintView) => void;
}) {
  const s = useStrings(casesStrings);
  const call = useCall();
  const [form, setForm] = useState({
    kind: 'keluhan' as Kind,
    channel: 'datang_langsung' as Channel,
    anonymous: false,
    reporterName: '',
    reporterContact: '',
    desaCode: '',
    subject: '',
    description: '',
  });
  const save = useSave();
  const dirty = useChangedFrom(form);
  const errors = save.errors;

  const submit = () => {
    const problems: { path: string; message: string }[] = [];
    if (!form.anonymous && !form.reporterName.trim())
      problems.push({ path: 'reporterName', message: s.reporterNameRequired });
    if (form.subject.trim().length < 3) problems.push({ path: 'subject', message: s.subjectTooShort });
    if (problems.length) return save.refuse(problems);
    void save.run(
      () =>
        call('complaints.create', {
          kind: form.kind,
          channel: form.channel,
          anonymous: form.anonymous,
          // Nothing identifying leaves the screen for an anonymous complaint.
          reporterName: form.anonymous ? null : form.reporterName.trim(),
          reporterContact: form.anonymous ? null : form.reporterContact.trim() || null,
          householdId,
          desaCode: householdId ? null : form.desaCode || null,
          subject: form.subject.trim(),
          description: form.description.trim(),
        }),
      onDone,
    );
  };

  return (
    <FormDialog
      title={s.newComplaint}
      dirty={dirty}
      intro={
        <>
          {Object.keys(errors).length ? <Notice tone="error">{s.fixErrors}</Notice> : null}
          {householdId ? <Notice tone="info">{s.linkedFamily}</Notice> : null}
        </>
      }
      save={save}
      submitLabel={s.saveComplaint}
      busyLabel={s.creating}
      onClose={onClose}
      onSubmit={submit}
    >
      <RadioGroup
        label={s.kind}
        value={form.kind}
        onChange={(kind) => setForm({ ...form, kind })}
        options={COMPLAINT_KINDS.map((k) => ({ value: k, label: COMPLAINT_KIND_LABELS[k] }))}
        error={errors.kind}
      />
      <SelectField
        label={s.channel}
        value={form.channel}
        onChange={(e) => setForm({ ...form, channel: e.target.value as Channel })}
        error={errors.channel}
      >
        {COMPLAINT_CHANNELS.map((c) => (
          <option key={c} value={c}>
            {COMPLAINT_CHANNEL_LABELS[c]}
          </option>
        ))}
      </SelectField>
      <Checkbox
        label={s.anonymousCheckbox}
        hint={s.anonymousHint}
        checked={form.anonymous}
        onChange={(anonymous) => setForm({ ...form, anonymous })}
      />
      {form.anonymous ? null : (
        <>
          <TextField
            label={s.reporterName}
            value={form.reporterName}
            maxLength={120}
            onChange={(e) => setForm({ ...form, reporterName: e.target.value })}
            error={errors.reporterName}
            autoComplete="off"
          />
          <TextField
            label={s.reporterContact}
            hint={s.reporterContactHint}
            value={form.reporterContact}
            maxLength={120}
            onChange={(e) => setForm({ ...form, reporterContact: e.target.value })}
            error={errors.reporterContact}
            autoComplete="off"
          />
        </>
      )}
      {householdId ? null : (
        <DesaPicker
          label={s.complaintDesa}
          hint={s.desaHint}
          emptyLabel={s.chooseDesa}
          value={form.desaCode}
          onChange={(desaCode) => setForm({ ...form, desaCode })}
          error={errors.desaCode}
        />
      )}
      <TextField
        label={s.subject}
        hint={s.subjectHint}
        value={form.subject}
        maxLength={200}
        onChange={(e) => setForm({ ...form, subject: e.target.value })}
        error={errors.subject}
      />
      <TextAreaField
        label={s.complaintDescription}
        value={form.description}
        maxLength={4000}
        onChange={(e) => setForm({ ...form, description: e.target.value })}
        error={errors.description}
      />
    </FormDialog>
  );
}
