import type { CodeListChoice, InspectView } from '../../../common/api/methods/importExport.ts';
import { DEFAULT_REF_VALUES } from '../../../common/domain/registry.ts';
import {
  IMPORT_FIELDS,
  missingFields,
  RELATIONSHIP_CODE_LISTS,
  type FieldSpec,
  type ImportKind,
  type RelationshipCodeList,
} from '../../../common/domain/importFields.ts';
import { SelectField } from '../../components/Field.tsx';
import { Notice } from '../../components/Notice.tsx';
import { defineStrings, useStrings } from '../../i18n/i18n.tsx';
import { useReference } from '../registry/useReference.ts';

/** What the clerk decides on the mapping screen besides the column of each field. */
export interface MappingChoices {
  mapping: Record<string, string | null>;
  /** Values for the whole file (field -> value), from the title block or chosen here. */
  fixed: Record<string, string>;
  codes: CodeListChoice;
  /** Questions answered "no, leave it" (a relationship-like column that is something else). */
  declined: string[];
}

export function initialChoices(inspect: InspectView): MappingChoices {
  return {
    mapping: inspect.mapping,
    fixed: Object.fromEntries(Object.entries(inspect.fixed).map(([f, v]) => [f, v.value])),
    codes: inspect.codes.relationship ? { relationship: inspect.codes.relationship.list } : {},
    declined: [],
  };
}

/** Questions still open and required fields still without a source: "Periksa" waits for both. */
/** The field a "read this column as …?" question offers (relationship, payment status …). */
const askedField = (q: InspectView['questions'][number]) =>
  q.choices.find((c) => c.value !== 'ignore')?.value;

export function openItems(kind: ImportKind, inspect: InspectView, choices: MappingChoices) {
  const provided = [
    ...Object.values(choices.mapping).filter((f): f is string => f !== null),
    ...Object.keys(choices.fixed),
    ...inspect.grouped.map((g) => g.field),
  ];
  const questions = inspect.questions.filter((q) =>
    q.id === 'codes.relationship'
      ? !choices.codes.relationship
      : !choices.declined.includes(q.id) && choices.mapping[q.column] !== askedField(q),
  );
  return { missing: missingFields(kind, provided), questions };
}

const RELATIONSHIP_LABELS = new Map([...DEFAULT_REF_VALUES.relationship!, ['pasangan', 'Istri/Suami']]);

/** A sample value as the import will read it: numeric relationship codes in words ("3 = Istri"). */
function decoded(value: string, field: string | null, codes: CodeListChoice): string {
  if (field !== 'relationship' || !codes.relationship || !/^\d{1,2}$/.test(value.trim())) return value;
  const list: Record<number, string> = RELATIONSHIP_CODE_LISTS[codes.relationship].codes;
  const code = list[Number(value)];
  return code ? `${value} = ${RELATIONSHIP_LABELS.get(code) ?? code}` : `${value} = ?`;
}

const strings = defineStrings(
  {
    why: 'Alasan',
    closest: 'Paling mirip',
    others: 'Bidang lain',
    notRead: 'Tidak dibaca: tidak ada nama kolom yang dikenal. Pilih bidangnya bila kolom ini perlu.',
    questions: 'Pertanyaan sebelum memeriksa',
    fileWide: 'Nilai untuk seluruh berkas',
    fileWideHint:
      'Isi bila berkas tidak punya kolomnya (misalnya daftar satu desa). Nilai ini dipakai untuk setiap baris yang kosong.',
    fromTitle: (found: string) => `Dibaca dari judul berkas, ${found}.`,
    fromGroups: (label: string, found: string) =>
      `${label} diambil dari baris kelompok di atas anggotanya (${found}).`,
    none: '— tidak diisi —',
    codes: 'Kode angka hubungan keluarga',
    alsoChosen: (label: string, others: string) =>
      `"${label}" juga dipilih untuk kolom ${others}. Satu bidang hanya dari satu kolom: pilih bidang lain, atau "(tidak dibaca)", untuk salah satunya.`,
  },
  {
    why: 'Why',
    closest: 'Closest',
    others: 'Other fields',
    notRead: 'Not read: no known column name. Choose its field if this column is needed.',
    questions: 'Questions before checking',
    fileWide: 'Values for the whole file',
    fileWideHint:
      'Fill in when the file has no such column (a one-village list, for instance). Used for every empty row.',
    fromTitle: (found: string) => `Read from the file's title, ${found}.`,
    fromGroups: (label: string, found: string) =>
      `${label} taken from the group rows above members (${found}).`,
    none: '— not set —',
    codes: 'Numeric relationship codes',
    alsoChosen: (label: string, others: string) =>
      `"${label}" is also chosen for column ${others}. A field comes from one column only: choose another field, or "(not read)", for one of them.`,
  },
);

/** The column table (with why each column was read as it was) and what the file cannot say. */
export function MappingStep({
  kind,
  inspect,
  choices,
  onChange,
  labels,
}: {
  kind: ImportKind;
  inspect: InspectView;
  choices: MappingChoices;
  onChange: (next: MappingChoices) => void;
  labels: { column: string; example: string; readAs: string; ignore: string };
}) {
  const s = useStrings(strings);
  const fields = IMPORT_FIELDS[kind] as Record<string, FieldSpec>;
  const open = openItems(kind, inspect, choices);
  const mappedFields = new Set(Object.values(choices.mapping).filter(Boolean));
  const fileWide = Object.entries(fields).filter(
    ([field, spec]) => spec.fileWide && !mappedFields.has(field),
  );
  // A field chosen for two columns is refused by the check: marked on both rows as it happens.
  const columnsOf = new Map<string, string[]>();
  for (const [header, field] of Object.entries(choices.mapping))
    if (field) columnsOf.set(field, [...(columnsOf.get(field) ?? []), header]);
  const setField = (header: string, field: string | null) =>
    onChange({ ...choices, mapping: { ...choices.mapping, [header]: field } });
  return (
    <>
      {inspect.questions.length ? (
        <section aria-label={s.questions} className="stack">
          <h3>{s.questions}</h3>
          {inspect.questions.map((q) => (
            <Question
              key={q.id}
              question={q}
              answered={!open.questions.includes(q)}
              value={
                q.id === 'codes.relationship'
                  ? (choices.codes.relationship ?? '')
                  : choices.mapping[q.column] === askedField(q)
                    ? (askedField(q) ?? '')
                    : choices.declined.includes(q.id)
                      ? 'ignore'
                      : ''
              }
              onAnswer={(value) => {
                if (q.id === 'codes.relationship')
                  onChange({ ...choices, codes: { relationship: value as RelationshipCodeList } });
                else if (value !== 'ignore')
                  onChange({
                    ...choices,
                    mapping: { ...choices.mapping, [q.column]: value },
                    declined: choices.declined.filter((d) => d !== q.id),
                  });
                // "No": the column goes back to what it was read as (KETERANGAN stays the reason).
                else
                  onChange({
                    ...choices,
                    mapping: {
                      ...choices.mapping,
                      [q.column]:
                        inspect.mapping[q.column] === askedField(q)
                          ? null
                          : (inspect.mapping[q.column] ?? null),
                    },
                    declined: [...choices.declined, q.id],
                  });
              }}
            />
          ))}
        </section>
      ) : null}
      {inspect.codes.relationship && !inspect.questions.some((q) => q.id === 'codes.relationship') ? (
        <Notice tone="info" title={s.codes}>
          {inspect.codes.relationship.reason}
        </Notice>
      ) : null}
      <div className="table-wrap">
        <table className="data mapping">
          <thead>
            <tr>
              <th>{labels.column}</th>
              <th>{labels.example}</th>
              <th>{labels.readAs}</th>
            </tr>
          </thead>
          <tbody>
            {inspect.headers.map((header, i) => {
              const chosen = choices.mapping[header] ?? '';
              const closest = inspect.suggestions[header] ?? [];
              const others = Object.keys(fields).filter((f) => !closest.includes(f));
              const option = (field: string) => (
                <option key={field} value={field}>
                  {fields[field]!.label}
                  {fields[field]!.required ? ' *' : ''}
                </option>
              );
              const reason =
                chosen === (inspect.mapping[header] ?? '')
                  ? (inspect.reasons[header] ?? (chosen ? null : s.notRead))
                  : chosen
                    ? null
                    : s.notRead;
              const twins = chosen ? (columnsOf.get(chosen) ?? []).filter((h) => h !== header) : [];
              return (
                <tr key={header} style={twins.length ? { background: 'var(--danger-soft)' } : undefined}>
                  <td>
                    <strong>{header}</strong>
                  </td>
                  <td className="muted cell-clip">
                    {inspect.sample
                      .map((r) => r[i])
                      .filter((v): v is string => Boolean(v))
                      .slice(0, chosen === 'relationship' ? 5 : 3)
                      .map((v) => decoded(v, chosen || null, choices.codes))
                      .join(' · ')}
                  </td>
                  <td>
                    <select
                      aria-label={`${labels.readAs}: ${header}`}
                      value={chosen}
                      onChange={(e) => setField(header, e.target.value || null)}
                      className="mapping-select"
                      aria-invalid={twins.length ? true : undefined}
                      style={twins.length ? { borderColor: 'var(--danger)', borderWidth: 2 } : undefined}
                      aria-describedby={twins.length ? `twice-${i}` : undefined}
                    >
                      <option value="">{labels.ignore}</option>
                      {closest.length ? (
                        <>
                          <optgroup label={s.closest}>{closest.map(option)}</optgroup>
                          <optgroup label={s.others}>{others.map(option)}</optgroup>
                        </>
                      ) : (
                        others.map(option)
                      )}
                    </select>
                    {twins.length ? (
                      <div className="error small" id={`twice-${i}`}>
                        {s.alsoChosen(
                          `${fields[chosen]?.label ?? chosen}`,
                          twins.map((h) => `"${h}"`).join(', '),
                        )}
                      </div>
                    ) : reason ? (
                      <div className="muted small">{reason}</div>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {inspect.grouped.map((g) => (
        <Notice key={g.field} tone="info">
          {s.fromGroups(fields[g.field]?.label ?? g.field, g.found)}
        </Notice>
      ))}
      {fileWide.length ? (
        <section aria-label={s.fileWide} className="stack">
          <h3>{s.fileWide}</h3>
          <p className="muted">{s.fileWideHint}</p>
          <div className="form-grid">
            {fileWide.map(([field, spec]) => (
              <FileWideField
                key={field}
                field={field}
                label={spec.label}
                value={choices.fixed[field] ?? ''}
                found={inspect.fixed[field]?.found ?? null}
                onChange={(value) => {
                  const fixed = { ...choices.fixed };
                  if (value) fixed[field] = value;
                  else delete fixed[field];
                  onChange({ ...choices, fixed });
                }}
              />
            ))}
          </div>
        </section>
      ) : null}
    </>
  );
}

function Question({
  question,
  answered,
  value,
  onAnswer,
}: {
  question: InspectView['questions'][number];
  answered: boolean;
  value: string;
  onAnswer: (value: string) => void;
}) {
  return (
    <fieldset className={`question ${answered ? 'answered' : ''}`} data-question={question.id}>
      <legend>{question.column}</legend>
      <p>{question.message}</p>
      {question.choices.map((c) => (
        <label key={c.value} className="radio">
          <input
            type="radio"
            name={question.id}
            value={c.value}
            checked={value === c.value}
            onChange={() => onAnswer(c.value)}
          />{' '}
          {c.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A desa, kecamatan or programme for every row, chosen from the reference lists. */
function FileWideField({
  field,
  label,
  value,
  found,
  onChange,
}: {
  field: string;
  label: string;
  value: string;
  found: string | null;
  onChange: (value: string) => void;
}) {
  const s = useStrings(strings);
  const reference = useReference();
  const hint = found ? s.fromTitle(found) : undefined;
  if (field === 'desa')
    return (
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} hint={hint}>
        <option value="">{s.none}</option>
        {reference?.desaGroups.map((g) => (
          <optgroup key={g.kecamatan} label={g.kecamatan}>
            {g.desa.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
    );
  if (field === 'kecamatan')
    return (
      <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} hint={hint}>
        <option value="">{s.none}</option>
        {reference?.regions
          .filter((r) => r.level === 'kecamatan')
          .map((k) => (
            <option key={k.code} value={k.code}>
              {k.name}
            </option>
          ))}
      </SelectField>
    );
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} hint={hint}>
      <option value="">{s.none}</option>
      {reference?.programs.map((p) => (
        <option key={p.code} value={p.code}>
          {p.code} · {p.name}
        </option>
      ))}
    </SelectField>
  );
}
