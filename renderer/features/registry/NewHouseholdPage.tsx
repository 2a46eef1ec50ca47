import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { setFlash } from '../../app/flash.ts';
import { navigate, useUnsavedChanges } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { isSessionError, localError } from '../../components/formErrors.ts';
import { useChangedFrom } from '../../components/useChangedFrom.ts';
import { Notice } from '../../components/Notice.tsx';
import { fieldStrings } from '../../components/strings.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import {
  emptyHousehold,
  emptyPerson,
  errorsUnder,
  HouseholdFields,
  householdProblems,
  PersonFields,
  toHouseholdInput,
  toPersonInput,
  type HouseholdDraft,
  withoutChanged,
  type PersonDraft,
} from './fields.tsx';
import { registryStrings } from './strings.ts';
import { useReference } from './useReference.ts';

/**
 * Keyboard-first registration for clerks: Tab through the fields in card order, Enter (or
 * Ctrl+S) saves, Alt+A adds a member row. Every problem is shown next to its field at once.
 */
export function NewHouseholdPage() {
  const s = useStrings(registryStrings);
  const call = useCall();
  const can = useCan();
  const reference = useReference();
  const [household, setHousehold] = useState(emptyHousehold);
  const [members, setMembers] = useState<PersonDraft[]>([emptyPerson('kepala_keluarga')]);
  // Each member row's identity for React, so removing row 2 does not hand its focus and
  // field state to row 3.
  const [rowKeys, setRowKeys] = useState<number[]>([0]);
  const nextRowKey = useRef(1);
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const errors = fieldErrors(error);
  const money = useStrings(fieldStrings).money;
  // Typed work not yet saved: leaving the page (menu, Back, reload) asks first.
  useUnsavedChanges(useChangedFrom({ household, members }));
  // Bring the first problem into view; the user should not hunt for it.
  const showFirstProblem = () =>
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  // The server's message about a field goes as soon as the person changes that field.
  const changeHousehold = (next: HouseholdDraft) => {
    setError((e) => withoutChanged(e, 'household', household, next));
    setHousehold(next);
  };
  const changeMember = (i: number, next: PersonDraft) => {
    setError((e) => withoutChanged(e, `members.${i}`, members[i]!, next));
    setMembers((all) => all.map((m, j) => (j === i ? next : m)));
  };
  const removeMember = (i: number) => {
    setError((e) => withoutMember(e, i));
    setMembers((all) => all.filter((_, j) => j !== i));
    setRowKeys((keys) => keys.filter((_, j) => j !== i));
  };

  const addMember = () => {
    setMembers((m) => [...m, emptyPerson(m.length === 1 ? 'istri' : 'anak')]);
    setRowKeys((keys) => [...keys, nextRowKey.current++]);
    requestAnimationFrame(() => {
      const rows = form.current?.querySelectorAll<HTMLElement>('[data-member]');
      rows?.[rows.length - 1]?.querySelector<HTMLInputElement>('input')?.focus();
    });
  };

  const save = async () => {
    if (busy) return;
    const problems = householdProblems(household, money);
    if (problems.length) {
      setError(localError(problems));
      return showFirstProblem();
    }
    setBusy(true);
    const result = await call('households.create', {
      household: toHouseholdInput(household),
      members: members.map(toPersonInput),
    });
    setBusy(false);
    if (!result.ok) {
      // The session ended or locked: the app covers the page; the form waits to be saved again.
      if (isSessionError(result.error)) return;
      setError(result.error);
      return showFirstProblem();
    }
    const { warnings } = result.value;
    setFlash(
      warnings.length
        ? { tone: 'warning', title: s.savedWithWarnings, items: warnings.map((w) => w.message) }
        : { tone: 'success', title: s.saved },
    );
    navigate(`/keluarga/${result.value.value.id}`, { force: true });
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault();
        void save();
      }
      if (e.altKey && e.key.toLowerCase() === 'a') {
        e.preventDefault();
        addMember();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save();
  };

  const householdErrors = errorsUnder(errors, 'household');
  return (
    <>
      <PageHeader title={s.formTitle} intro={s.formIntro} />
      <p className="muted">
        {s.shortcuts}: <kbd className="shortcut">Enter</kbd> / <kbd className="shortcut">Ctrl+S</kbd>{' '}
        {s.shortcutSave} · <kbd className="shortcut">Alt+A</kbd> {s.shortcutAdd}
      </p>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      {error?.fields?.length ? <Notice tone="error">{s.fixErrors(error.fields.length)}</Notice> : null}
      <form ref={form} onSubmit={submit} noValidate>
        <section className="card">
          <h2>{s.householdSection}</h2>
          <HouseholdFields draft={household} onChange={changeHousehold} errors={householdErrors} />
        </section>
        <section className="card">
          <div className="section-title">
            <h2>{s.membersSection}</h2>
          </div>
          {members.map((member, i) => (
            <fieldset
              key={rowKeys[i]}
              data-member
              style={{
                border: '1px solid var(--border)',
                borderRadius: 8,
                padding: '0.75rem 1rem 0',
                marginBottom: '1rem',
              }}
            >
              <legend style={{ fontWeight: 700, padding: '0 0.4rem' }}>{s.member(i + 1)}</legend>
              <PersonFields
                draft={member}
                onChange={(d) => changeMember(i, d)}
                errors={errorsUnder(errors, `members.${i}`)}
                reference={reference}
                canSeeSpecific={can('registry.readSpecific')}
              />
              {members.length > 1 ? (
                <p>
                  <button type="button" className="btn btn-sm" onClick={() => removeMember(i)}>
                    {s.removeMember}
                  </button>
                </p>
              ) : null}
            </fieldset>
          ))}
          <button type="button" className="btn" onClick={addMember}>
            + {s.addMember} <kbd className="shortcut">Alt+A</kbd>
          </button>
        </section>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.saving : s.save}
          </button>
          <a className="btn" href="#/keluarga">
            {s.cancel}
          </a>
        </div>
      </form>
    </>
  );
}

/**
 * The error once member `removed` is taken off the form: its messages go, and the messages of
 * the members after it move up one place with their rows.
 */
function withoutMember(error: AppError | null, removed: number): AppError | null {
  if (!error?.fields?.length) return error;
  const fields = error.fields.flatMap((f) => {
    const match = /^members\.(\d+)\.(.*)$/.exec(f.path);
    if (!match) return [f];
    const i = Number(match[1]);
    if (i === removed) return [];
    return [i > removed ? { ...f, path: `members.${i - 1}.${match[2]}` } : f];
  });
  return fields.length ? { ...error, message: fields[0]!.message, fields } : null;
}
