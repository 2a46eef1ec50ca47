import { useState } from 'react';
import type { Output } from '../../../common/api/contract.ts';
import type { PersonRow, PersonView, ProblemView } from '../../../common/api/methods/registry.ts';
import { todayWib } from '../../../common/domain/localDate.ts';
import type { Flash } from '../../app/flash.ts';
import { navigate } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { FormDialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { fieldStrings } from '../../components/strings.ts';
import { useChangedFrom } from '../../components/useChangedFrom.ts';
import { useSave, type Save } from '../../components/useSave.ts';
import {
  draftFromHousehold,
  emptyHousehold,
  emptyPerson,
  errorsUnder,
  HouseholdFields,
  householdProblems,
  PersonFields,
  toHouseholdInput,
  toPersonInput,
  withoutChanged,
  type PersonDraft,
} from './fields.tsx';
import { registryStrings } from './strings.ts';
import type { Reference } from './useReference.ts';

type Page = Output<'households.get'>;
type Done = (flash?: Flash) => void;

function savedFlash(title: string, warnings: ProblemView[]): Flash {
  return warnings.length
    ? { tone: 'warning', title, items: warnings.map((w) => w.message) }
    : { tone: 'success', title };
}

/** onChange for a draft whose fields answer at `prefix.field`: the changed fields' messages go. */
const draftChange =
  <T extends object>(save: Save, prefix: string, before: T, set: (next: T) => void) =>
  (next: T) => {
    set(next);
    save.setError((er) => withoutChanged(er, prefix, before, next));
  };

export function EditHouseholdDialog({
  page,
  onClose,
  onDone,
}: {
  page: Page;
  onClose: () => void;
  onDone: Done;
}) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [draft, setDraft] = useState(() => draftFromHousehold(page.household));
  const save = useSave();
  const change = draftChange(save, 'household', draft, setDraft);
  const money = useStrings(fieldStrings).money;
  const dirty = useChangedFrom(draft);
  return (
    <FormDialog
      title={s.edit}
      dirty={dirty}
      save={save}
      submitLabel={s.save}
      onClose={onClose}
      onSubmit={() => {
        const problems = householdProblems(draft, money);
        if (problems.length) return save.refuse(problems);
        void save.run(
          () =>
            call('households.update', {
              id: page.household.id,
              expectedVersion: page.household.version,
              household: toHouseholdInput(draft),
            }),
          (v) => onDone(savedFlash(s.saved, v.warnings)),
        );
      }}
    >
      <HouseholdFields draft={draft} onChange={change} errors={errorsUnder(save.errors, 'household')} />
      <TextField
        label={s.notes}
        value={draft.notes}
        onChange={(e) => change({ ...draft, notes: e.target.value })}
      />
    </FormDialog>
  );
}

export function ChangeKkDialog({ page, onClose, onDone }: { page: Page; onClose: () => void; onDone: Done }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [kk, setKk] = useState('');
  const [reason, setReason] = useState('');
  const save = useSave();
  const dirty = useChangedFrom({ kk, reason });
  return (
    <FormDialog
      title={s.changeKk}
      dirty={dirty}
      save={save}
      submitLabel={s.changeKk}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () => call('households.changeKk', { id: page.household.id, kkNumber: kk, reason }),
          (v) => onDone(savedFlash(s.saved, v.warnings)),
        )
      }
    >
      <p className="muted">
        {s.kkNumber}: <span className="mono">{page.household.kkNumber ?? '—'}</span>
      </p>
      <TextField
        label={s.kkNumber}
        value={kk}
        onChange={save.input('kkNumber', setKk)}
        inputMode="numeric"
        className="mono"
        error={save.errors.kkNumber}
        autoFocus
      />
      <TextField
        label={s.reason}
        value={reason}
        onChange={save.input('reason', setReason)}
        error={save.errors.reason}
        placeholder="Pisah KK / pindah / terbit ulang"
      />
    </FormDialog>
  );
}

export function DesilDialog({ page, onClose, onDone }: { page: Page; onClose: () => void; onDone: Done }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [desil, setDesil] = useState(String(page.household.desil ?? ''));
  const [asOf, setAsOf] = useState(todayWib());
  const [source, setSource] = useState('DTSEN');
  const save = useSave();
  const dirty = useChangedFrom({ desil, asOf, source });
  return (
    <FormDialog
      title={s.setDesil}
      dirty={dirty}
      save={save}
      submitLabel={s.setDesil}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () => call('households.setDesil', { id: page.household.id, desil: Number(desil), asOf, source }),
          () => onDone({ tone: 'success', title: s.saved }),
        )
      }
    >
      <SelectField
        label={s.desil}
        value={desil}
        onChange={save.input('desil', setDesil)}
        error={save.errors.desil}
      >
        <option value="">{s.choose}</option>
        {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
          <option key={d} value={d}>
            Desil {d}
          </option>
        ))}
      </SelectField>
      <DateField
        label={s.required(s.desilAsOf)}
        hint={s.desilAsOfHint}
        value={asOf}
        onChange={save.input('asOf', setAsOf)}
        error={save.errors.asOf}
        required
      />
      <TextField
        label={s.desilSource}
        value={source}
        onChange={save.input('source', setSource)}
        error={save.errors.source}
      />
    </FormDialog>
  );
}

export function SplitDialog({ page, onClose, onDone }: { page: Page; onClose: () => void; onDone: Done }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const members = page.members.filter((m) => m.status === 'aktif');
  const [chosen, setChosen] = useState<string[]>([]);
  const [headId, setHeadId] = useState('');
  const [draft, setDraft] = useState(() => ({ ...emptyHousehold(), desaCode: page.household.desaCode }));
  const [reason, setReason] = useState('');
  const save = useSave();
  const dirty = useChangedFrom({ chosen, headId, draft, reason });
  return (
    <FormDialog
      title={s.split}
      dirty={dirty}
      save={save}
      submitLabel={s.split}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () =>
            call('households.split', {
              fromId: page.household.id,
              memberIds: chosen,
              headId,
              household: toHouseholdInput(draft),
              reason,
            }),
          (v) => {
            onDone(savedFlash(s.saved, v.warnings));
            navigate(`/keluarga/${v.value.id}`, { force: true });
          },
        )
      }
    >
      <fieldset style={{ border: 0, padding: 0, margin: '0 0 1rem' }}>
        <legend style={{ fontWeight: 600, marginBottom: '0.5rem' }}>{s.selectMembers}</legend>
        {members.map((m) => (
          <label key={m.id} className="checkbox">
            <input
              type="checkbox"
              checked={chosen.includes(m.id)}
              onChange={(e) => {
                setChosen(e.target.checked ? [...chosen, m.id] : chosen.filter((id) => id !== m.id));
                save.clear('memberIds');
              }}
            />
            {m.name}
          </label>
        ))}
        {save.errors.memberIds ? (
          <div className="error" role="alert">
            {save.errors.memberIds}
          </div>
        ) : null}
      </fieldset>
      <SelectField
        label={s.newHead}
        value={headId}
        onChange={save.input('headId', setHeadId)}
        error={save.errors.headId}
      >
        <option value="">{s.choose}</option>
        {members
          .filter((m) => chosen.includes(m.id))
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </SelectField>
      <HouseholdFields
        draft={draft}
        onChange={draftChange(save, 'household', draft, setDraft)}
        errors={errorsUnder(save.errors, 'household')}
        showHousing={false}
      />
      <TextField
        label={s.reason}
        value={reason}
        onChange={save.input('reason', setReason)}
        error={save.errors.reason}
        placeholder="Menikah / pindah rumah"
      />
    </FormDialog>
  );
}

export function RemoveDialog({ page, onClose }: { page: Page; onClose: () => void }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [reason, setReason] = useState('');
  const save = useSave();
  const dirty = useChangedFrom(reason);
  return (
    <FormDialog
      title={s.remove}
      dirty={dirty}
      danger
      save={save}
      submitLabel={s.remove}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () => call('households.remove', { id: page.household.id, reason }),
          () => navigate('/keluarga', { force: true }),
        )
      }
    >
      <p>{s.removeConfirm}</p>
      <TextField
        label={s.reason}
        value={reason}
        onChange={save.input('reason', setReason)}
        error={save.errors.reason}
        placeholder="DATA GANDA / PINDAH / SUDAH MAMPU"
        autoFocus
      />
    </FormDialog>
  );
}

function draftFromPerson(p: PersonView): PersonDraft {
  const s = (v: string | null) => v ?? '';
  return {
    nik: s(p.nik),
    name: p.name,
    sex: p.sex,
    birthPlace: s(p.birthPlace),
    birthDate: s(p.birthDate),
    relationship: p.relationship,
    motherName: s(p.motherName),
    education: s(p.education),
    occupation: s(p.occupation),
    disability: s(p.disability),
    chronicIllness: s(p.chronicIllness),
    kksNumber: s(p.kksNumber),
    bankAccount: s(p.bankAccount),
    phoneNumber: s(p.phoneNumber),
  };
}

export function PersonDialog({
  householdId,
  person,
  reference,
  onClose,
  onDone,
}: {
  householdId: string;
  person: PersonView | null;
  reference: Reference | null;
  onClose: () => void;
  onDone: Done;
}) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const can = useCan();
  const [draft, setDraft] = useState<PersonDraft>(() =>
    person ? draftFromPerson(person) : emptyPerson('anak'),
  );
  const save = useSave();
  const dirty = useChangedFrom(draft);
  return (
    <FormDialog
      title={person ? `${s.editPerson}: ${person.name}` : s.addPerson}
      dirty={dirty}
      save={save}
      submitLabel={s.savePerson}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () =>
            person
              ? call('people.update', {
                  id: person.id,
                  expectedVersion: person.version,
                  person: toPersonInput(draft),
                })
              : call('people.add', { householdId, person: toPersonInput(draft) }),
          (v) => onDone(savedFlash(s.saved, v.warnings)),
        )
      }
    >
      <PersonFields
        draft={draft}
        onChange={draftChange(save, 'person', draft, setDraft)}
        errors={errorsUnder(save.errors, 'person')}
        reference={reference}
        canSeeSpecific={can('registry.readSpecific')}
      />
    </FormDialog>
  );
}

export function MoveDialog({
  person,
  reference,
  onClose,
  onDone,
}: {
  person: PersonView;
  reference: Reference | null;
  onClose: () => void;
  onDone: Done;
}) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<PersonRow[]>([]);
  const [target, setTarget] = useState<PersonRow | null>(null);
  const [relationship, setRelationship] = useState('famili_lain');
  const [reason, setReason] = useState('');
  const save = useSave();
  const dirty = useChangedFrom({ query, target: target?.personId ?? null, relationship, reason });
  const search = async () => {
    if (query.trim().length < 2) return;
    const result = await call('registry.findPeople', { query, limit: 20 });
    if (result.ok)
      setFound(
        result.value.filter(
          (p) => p.householdId !== person.householdId && p.relationship === 'kepala_keluarga',
        ),
      );
  };
  return (
    <FormDialog
      title={`${s.movePerson}: ${person.name}`}
      dirty={dirty}
      save={save}
      submitLabel={s.movePerson}
      onClose={onClose}
      onSubmit={() =>
        target
          ? save.run(
              () =>
                call('people.move', {
                  id: person.id,
                  toHouseholdId: target.householdId,
                  relationship,
                  reason,
                }),
              () => onDone({ tone: 'success', title: s.saved }),
            )
          : undefined
      }
    >
      <div className="input-with-button" style={{ alignItems: 'flex-end', marginBottom: '1rem' }}>
        <div style={{ flex: 1 }}>
          <TextField
            label={s.moveTo}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.preventDefault(), void search())}
          />
        </div>
        <button type="button" className="btn" onClick={search} style={{ marginBottom: '1.1rem' }}>
          Cari
        </button>
      </div>
      {found.map((p) => (
        <label key={p.personId} className="checkbox">
          <input
            type="radio"
            name="target"
            checked={target?.personId === p.personId}
            onChange={() => setTarget(p)}
          />
          {p.name} · KK <span className="mono">{p.kkNumber ?? '—'}</span> · {p.desaName}
        </label>
      ))}
      <SelectField
        label={s.relationship}
        value={relationship}
        onChange={save.input('relationship', setRelationship)}
        error={save.errors.relationship}
      >
        {(reference?.values('relationship') ?? []).map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <TextField
        label={s.reason}
        value={reason}
        onChange={save.input('reason', setReason)}
        error={save.errors.reason}
      />
    </FormDialog>
  );
}

export function StatusDialog({
  person,
  onClose,
  onDone,
}: {
  person: PersonView;
  onClose: () => void;
  onDone: Done;
}) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const [status, setStatus] = useState<'aktif' | 'meninggal' | 'pindah' | 'keluar'>(
    person.status === 'aktif' ? 'meninggal' : 'aktif',
  );
  const [date, setDate] = useState(todayWib());
  const [reason, setReason] = useState('');
  const save = useSave();
  const dirty = useChangedFrom({ status, date, reason });
  return (
    <FormDialog
      title={`${s.markStatus}: ${person.name}`}
      dirty={dirty}
      save={save}
      submitLabel={s.markStatus}
      onClose={onClose}
      onSubmit={() =>
        save.run(
          () => call('people.setStatus', { id: person.id, status, date, reason }),
          () => onDone({ tone: 'success', title: s.saved }),
        )
      }
    >
      <SelectField
        label={s.status}
        value={status}
        onChange={(e) => setStatus(e.target.value as typeof status)}
      >
        <option value="meninggal">Meninggal</option>
        <option value="pindah">Pindah</option>
        <option value="keluar">Keluar dari keluarga</option>
        <option value="aktif">Aktif kembali</option>
      </SelectField>
      <DateField
        label={s.statusDate}
        value={date}
        onChange={save.input('date', setDate)}
        error={save.errors.date}
      />
      <TextField
        label={s.reason}
        value={reason}
        onChange={save.input('reason', setReason)}
        error={save.errors.reason}
      />
      {status !== 'aktif' ? (
        <Notice tone="info">Kepesertaan program perorangan orang ini akan diakhiri.</Notice>
      ) : null}
    </FormDialog>
  );
}
