import { useState } from 'react';
import type {
  HouseholdInput,
  HouseholdView,
  PersonInput,
  PersonRow,
} from '../../../common/api/methods/registry.ts';
import { checkKk, checkNik, type IdProblem } from '../../../common/domain/idNumbers.ts';
import { groupDigits, parseRupiah, rupiahOrNull, type RupiahProblem } from '../../../common/domain/money.ts';
import type { AppError } from '../../../common/result.ts';
import { call } from '../../api/bridge.ts';
import { DesaPicker } from '../../components/DesaPicker.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { MoneyField } from '../../components/MoneyField.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { withoutField } from '../../components/formErrors.ts';
import { registryStrings } from './strings.ts';
import type { Reference } from './useReference.ts';

/** Form state is all strings, as typed; `toHouseholdInput` / `toPersonInput` shape it for the API. */
export interface HouseholdDraft {
  kkNumber: string;
  desaCode: string;
  dusun: string;
  rt: string;
  rw: string;
  address: string;
  desil: string;
  desilAsOf: string;
  dtksStatus: string;
  houseOwnership: string;
  floorAreaM2: string;
  floorType: string;
  wallType: string;
  roofType: string;
  waterSource: string;
  lighting: string;
  toilet: string;
  assets: string;
  monthlyIncome: string;
  notes: string;
}

export const emptyHousehold = (): HouseholdDraft => ({
  kkNumber: '',
  desaCode: '',
  dusun: '',
  rt: '',
  rw: '',
  address: '',
  desil: '',
  desilAsOf: '',
  dtksStatus: '',
  houseOwnership: '',
  floorAreaM2: '',
  floorType: '',
  wallType: '',
  roofType: '',
  waterSource: '',
  lighting: '',
  toilet: '',
  assets: '',
  monthlyIncome: '',
  notes: '',
});

const orNull = (v: string) => (v.trim() ? v.trim() : null);

/**
 * What the household form refuses before asking the server: an income the money box cannot
 * read (sent as a number it would arrive as null, quietly emptying the field). Paths are the
 * server's (`household.monthlyIncome`).
 */
export function householdProblems(
  d: HouseholdDraft,
  money: Record<RupiahProblem, string>,
): { path: string; message: string }[] {
  const income = parseRupiah(d.monthlyIncome);
  return income.ok || income.problem === 'empty'
    ? []
    : [{ path: 'household.monthlyIncome', message: money[income.problem] }];
}

export function toHouseholdInput(d: HouseholdDraft): HouseholdInput {
  return {
    kkNumber: orNull(d.kkNumber),
    desaCode: d.desaCode,
    dusun: orNull(d.dusun),
    rt: orNull(d.rt),
    rw: orNull(d.rw),
    address: d.address.trim(),
    desil: d.desil ? Number(d.desil) : null,
    desilAsOf: orNull(d.desilAsOf),
    dtksStatus: d.dtksStatus === 'DTKS' || d.dtksStatus === 'NON_DTKS' ? d.dtksStatus : null,
    houseOwnership: orNull(d.houseOwnership),
    floorAreaM2: d.floorAreaM2 ? Number(d.floorAreaM2) : null,
    floorType: orNull(d.floorType),
    wallType: orNull(d.wallType),
    roofType: orNull(d.roofType),
    waterSource: orNull(d.waterSource),
    lighting: orNull(d.lighting),
    toilet: orNull(d.toilet),
    assets: d.assets
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean),
    monthlyIncome: rupiahOrNull(d.monthlyIncome),
    notes: d.notes,
  };
}

export function draftFromHousehold(h: HouseholdView): HouseholdDraft {
  const s = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    kkNumber: s(h.kkNumber),
    desaCode: h.desaCode,
    dusun: s(h.dusun),
    rt: s(h.rt),
    rw: s(h.rw),
    address: h.address,
    desil: s(h.desil),
    desilAsOf: s(h.desilAsOf),
    dtksStatus: s(h.dtksStatus),
    houseOwnership: s(h.houseOwnership),
    floorAreaM2: s(h.floorAreaM2),
    floorType: s(h.floorType),
    wallType: s(h.wallType),
    roofType: s(h.roofType),
    waterSource: s(h.waterSource),
    lighting: s(h.lighting),
    toilet: s(h.toilet),
    assets: h.assets.join(', '),
    monthlyIncome: h.monthlyIncome == null ? '' : groupDigits(h.monthlyIncome),
    notes: h.notes,
  };
}

export interface PersonDraft {
  nik: string;
  name: string;
  sex: string;
  birthPlace: string;
  birthDate: string;
  relationship: string;
  motherName: string;
  education: string;
  occupation: string;
  disability: string;
  chronicIllness: string;
  kksNumber: string;
  bankAccount: string;
  phoneNumber: string;
}

export const emptyPerson = (relationship = ''): PersonDraft => ({
  nik: '',
  name: '',
  sex: '',
  birthPlace: '',
  birthDate: '',
  relationship,
  motherName: '',
  education: '',
  occupation: '',
  disability: '',
  chronicIllness: '',
  kksNumber: '',
  bankAccount: '',
  phoneNumber: '',
});

export function toPersonInput(d: PersonDraft): PersonInput {
  return {
    nik: orNull(d.nik),
    name: d.name.trim(),
    sex: (d.sex || 'L') as 'L' | 'P',
    birthPlace: orNull(d.birthPlace),
    birthDate: orNull(d.birthDate),
    relationship: d.relationship,
    motherName: orNull(d.motherName),
    education: orNull(d.education),
    occupation: orNull(d.occupation),
    disability: orNull(d.disability),
    chronicIllness: orNull(d.chronicIllness),
    // Ignored by the core for roles that may not see them (the form hides them too).
    kksNumber: orNull(d.kksNumber),
    bankAccount: orNull(d.bankAccount),
    phoneNumber: orNull(d.phoneNumber),
  };
}

const firstOf = (problems: IdProblem[], severity: IdProblem['severity']) =>
  problems.find((p) => p.severity === severity)?.message;

/** The same NIK rules the core applies, shown while typing; the core still decides on save. */
export function nikFeedback(draft: PersonDraft): { error?: string; warning?: string } {
  if (!draft.nik.trim()) return {};
  const result = checkNik(draft.nik, {
    birthDate: draft.birthDate || null,
    sex: draft.sex === 'L' || draft.sex === 'P' ? draft.sex : null,
  });
  return { error: firstOf(result.problems, 'error'), warning: firstOf(result.problems, 'warning') };
}

export function kkFeedback(kk: string): { error?: string; warning?: string } {
  if (!kk.trim()) return {};
  const result = checkKk(kk);
  return { error: firstOf(result.problems, 'error'), warning: firstOf(result.problems, 'warning') };
}

function Options({ items }: { items: { code: string; label: string }[] }) {
  return (
    <>
      {items.map((i) => (
        <option key={i.code} value={i.code}>
          {i.label}
        </option>
      ))}
    </>
  );
}

/** Household fields; `errors` are keyed by the field name (server paths minus "household."). */
export function HouseholdFields({
  draft,
  onChange,
  errors,
  showHousing = true,
}: {
  draft: HouseholdDraft;
  onChange: (d: HouseholdDraft) => void;
  errors: Record<string, string>;
  showHousing?: boolean;
}) {
  const s = useStrings(registryStrings);
  const set = (key: keyof HouseholdDraft) => (e: { target: { value: string } }) =>
    onChange({ ...draft, [key]: e.target.value });
  const kk = kkFeedback(draft.kkNumber);
  // The housing part starts folded; a message about one of its fields opens it, so the focus
  // can reach that field after a failed save.
  const [housingOpen, setHousingOpen] = useState(false);
  const housingError = !!(errors.floorAreaM2 || errors.monthlyIncome);
  return (
    <>
      <div className="form-grid">
        <TextField
          label={s.kkNumber}
          hint={s.kkHint}
          value={draft.kkNumber}
          onChange={set('kkNumber')}
          inputMode="numeric"
          className="mono"
          error={errors.kkNumber ?? kk.error}
          warning={kk.warning}
          autoComplete="off"
        />
        <DesaPicker
          label={s.required(s.desa)}
          emptyLabel={s.choose}
          value={draft.desaCode}
          onChange={(v) => onChange({ ...draft, desaCode: v })}
          error={errors.desaCode}
          required
        />
        <TextField label={s.dusun} value={draft.dusun} onChange={set('dusun')} error={errors.dusun} />
        <div className="form-grid" style={{ gridTemplateColumns: '1fr 1fr', gap: '0 0.75rem' }}>
          <TextField
            label={s.rt}
            value={draft.rt}
            onChange={set('rt')}
            inputMode="numeric"
            maxLength={3}
            error={errors.rt}
          />
          <TextField
            label={s.rw}
            value={draft.rw}
            onChange={set('rw')}
            inputMode="numeric"
            maxLength={3}
            error={errors.rw}
          />
        </div>
        <TextField label={s.street} value={draft.address} onChange={set('address')} error={errors.address} />
        <SelectField label={s.desil} value={draft.desil} onChange={set('desil')} error={errors.desil}>
          <option value="">{s.choose}</option>
          {[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => (
            <option key={d} value={d}>
              Desil {d}
            </option>
          ))}
        </SelectField>
        {draft.desil ? (
          <DateField
            label={s.required(s.desilAsOf)}
            hint={s.desilAsOfHint}
            value={draft.desilAsOf}
            onChange={set('desilAsOf')}
            error={errors.desilAsOf}
            required
          />
        ) : null}
        <SelectField label={s.dtks} value={draft.dtksStatus} onChange={set('dtksStatus')}>
          <option value="">{s.choose}</option>
          <option value="DTKS">DTKS</option>
          <option value="NON_DTKS">NON DTKS</option>
        </SelectField>
      </div>
      {showHousing ? (
        <details open={housingOpen || housingError} onToggle={(e) => setHousingOpen(e.currentTarget.open)}>
          <summary style={{ cursor: 'pointer', fontWeight: 600, marginBottom: '0.75rem' }}>
            {s.housing}
          </summary>
          <div className="form-grid">
            <TextField
              label={s.houseOwnership}
              value={draft.houseOwnership}
              onChange={set('houseOwnership')}
              placeholder="milik sendiri / sewa / menumpang"
            />
            <TextField
              label={s.floorArea}
              value={draft.floorAreaM2}
              onChange={set('floorAreaM2')}
              inputMode="numeric"
              error={errors.floorAreaM2}
            />
            <TextField
              label={s.floorType}
              value={draft.floorType}
              onChange={set('floorType')}
              placeholder="tanah / semen / keramik"
            />
            <TextField
              label={s.wallType}
              value={draft.wallType}
              onChange={set('wallType')}
              placeholder="bambu / kayu / tembok"
            />
            <TextField
              label={s.roofType}
              value={draft.roofType}
              onChange={set('roofType')}
              placeholder="genteng / seng / asbes"
            />
            <TextField
              label={s.waterSource}
              value={draft.waterSource}
              onChange={set('waterSource')}
              placeholder="PDAM / sumur / mata air"
            />
            <TextField
              label={s.lighting}
              value={draft.lighting}
              onChange={set('lighting')}
              placeholder="PLN 450 VA / 900 VA / bukan listrik"
            />
            <TextField
              label={s.toilet}
              value={draft.toilet}
              onChange={set('toilet')}
              placeholder="sendiri / bersama / tidak ada"
            />
            <TextField
              label={s.assets}
              value={draft.assets}
              onChange={set('assets')}
              placeholder="motor, kulkas, televisi"
            />
            <MoneyField
              label={s.income}
              value={draft.monthlyIncome}
              onChange={set('monthlyIncome')}
              placeholder="1.500.000"
              error={errors.monthlyIncome}
            />
          </div>
        </details>
      ) : null}
    </>
  );
}

/** One person's fields with live NIK feedback and a look-up of who already holds that NIK. */
export function PersonFields({
  draft,
  onChange,
  errors,
  reference,
  canSeeSpecific,
  compact = false,
}: {
  draft: PersonDraft;
  onChange: (d: PersonDraft) => void;
  errors: Record<string, string>;
  reference: Reference | null;
  canSeeSpecific: boolean;
  compact?: boolean;
}) {
  const s = useStrings(registryStrings);
  const [holder, setHolder] = useState<PersonRow | null>(null);
  const set = (key: keyof PersonDraft) => (e: { target: { value: string } }) =>
    onChange({ ...draft, [key]: e.target.value });
  const nik = nikFeedback(draft);
  const lookUp = async () => {
    setHolder(null);
    if (nik.error || draft.nik.replace(/\D/g, '').length !== 16) return;
    const found = await call('people.lookupNik', { nik: draft.nik });
    if (found.ok) setHolder(found.value);
  };
  return (
    <div className="form-grid">
      <TextField
        label={s.nik}
        value={draft.nik}
        onChange={set('nik')}
        onBlur={lookUp}
        inputMode="numeric"
        className="mono"
        autoComplete="off"
        error={errors.nik ?? nik.error}
        warning={nik.warning}
        hint={
          holder ? (
            <span className="warning-text">
              {s.nikRegistered(holder.name)} <a href={`#/keluarga/${holder.householdId}`}>{s.openExisting}</a>
            </span>
          ) : undefined
        }
      />
      <TextField
        label={s.required(s.name)}
        value={draft.name}
        onChange={set('name')}
        error={errors.name}
        autoComplete="off"
        required
      />
      <SelectField
        label={s.required(s.sex)}
        value={draft.sex}
        onChange={set('sex')}
        error={errors.sex}
        required
      >
        <option value="">{s.choose}</option>
        <option value="L">{s.male}</option>
        <option value="P">{s.female}</option>
      </SelectField>
      <DateField
        label={s.birthDate}
        value={draft.birthDate}
        onChange={set('birthDate')}
        error={errors.birthDate}
      />
      <SelectField
        label={s.required(s.relationship)}
        value={draft.relationship}
        onChange={set('relationship')}
        error={errors.relationship}
        required
      >
        <option value="">{s.choose}</option>
        <Options items={reference?.values('relationship') ?? []} />
      </SelectField>
      {compact ? null : (
        <>
          <TextField label={s.birthPlace} value={draft.birthPlace} onChange={set('birthPlace')} />
          <TextField label={s.motherName} value={draft.motherName} onChange={set('motherName')} />
          <SelectField label={s.education} value={draft.education} onChange={set('education')}>
            <option value="">{s.choose}</option>
            <Options items={reference?.values('education') ?? []} />
          </SelectField>
          <SelectField label={s.occupation} value={draft.occupation} onChange={set('occupation')}>
            <option value="">{s.choose}</option>
            <Options items={reference?.values('occupation') ?? []} />
          </SelectField>
          {canSeeSpecific ? (
            <>
              <SelectField
                label={s.disability}
                hint={s.specificHint}
                value={draft.disability}
                onChange={set('disability')}
              >
                <option value="">{s.choose}</option>
                <Options items={reference?.values('disability') ?? []} />
              </SelectField>
              <TextField
                label={s.chronicIllness}
                value={draft.chronicIllness}
                onChange={set('chronicIllness')}
              />
              <TextField
                label={s.bankAccount}
                hint={s.numbersHint}
                value={draft.bankAccount}
                onChange={set('bankAccount')}
                error={errors.bankAccount}
                inputMode="numeric"
                className="mono"
                autoComplete="off"
              />
              <TextField
                label={s.kksNumber}
                value={draft.kksNumber}
                onChange={set('kksNumber')}
                error={errors.kksNumber}
                inputMode="numeric"
                className="mono"
                autoComplete="off"
              />
              <TextField
                label={s.phoneNumber}
                value={draft.phoneNumber}
                onChange={set('phoneNumber')}
                error={errors.phoneNumber}
                inputMode="tel"
                className="mono"
                autoComplete="off"
              />
            </>
          ) : null}
        </>
      )}
    </div>
  );
}

/**
 * The error once the person has changed a draft: the server's messages about the fields that
 * differ between `before` and `after` (server paths `prefix.field`) go, the others stay.
 */
export function withoutChanged<T extends object>(
  error: AppError | null,
  prefix: string,
  before: T,
  after: T,
): AppError | null {
  return (Object.keys(after) as (keyof T & string)[])
    .filter((key) => before[key] !== after[key])
    .reduce((e, key) => withoutField(e, `${prefix}.${key}`), error);
}

/** Server field paths ("members.2.nik") -> errors for one person ("nik"). */
export function errorsUnder(all: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(all))
    if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  return out;
}
