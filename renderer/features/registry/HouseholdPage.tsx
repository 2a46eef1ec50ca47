import { useCallback, useEffect, useReducer } from 'react';
import type { Output } from '../../../common/api/contract.ts';
import type {
  CaseView,
  ComplaintView,
  PaymentView,
  VerificationView,
} from '../../../common/api/methods/casework.ts';
import type { EnrolmentView } from '../../../common/api/methods/programs.ts';
import type { PersonView } from '../../../common/api/methods/registry.ts';
import { takeFlash, type Flash } from '../../app/flash.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { NewCaseDialog } from '../cases/NewCaseDialog.tsx';
import { NewComplaintDialog } from '../cases/NewComplaintDialog.tsx';
import { EnrolDialog } from '../programs/EnrolDialog.tsx';
import { StartVisitDialog } from '../verification/StartVisitDialog.tsx';
import {
  ChangeKkDialog,
  DesilDialog,
  EditHouseholdDialog,
  MoveDialog,
  PersonDialog,
  RemoveDialog,
  SplitDialog,
  StatusDialog,
} from './householdDialogs.tsx';
import {
  CasesSection,
  ComplaintsSection,
  HistorySection,
  MembersSection,
  OverviewSection,
  PaymentsSection,
  ProgramsSection,
  VerificationSection,
} from './householdSections.tsx';
import { registryStrings } from './strings.ts';
import { useReference, type Reference } from './useReference.ts';

type Page = Output<'households.get'>;

type OpenDialog =
  | {
      kind:
        'edit' | 'kk' | 'desil' | 'split' | 'remove' | 'addPerson' | 'enrol' | 'case' | 'complaint' | 'visit';
    }
  | { kind: 'editPerson' | 'move' | 'status'; person: PersonView };

interface Related {
  enrolments: EnrolmentView[];
  verifications: VerificationView[];
  payments: PaymentView[];
  cases: CaseView[];
  complaints: ComplaintView[];
}

const NOTHING_RELATED: Related = {
  enrolments: [],
  verifications: [],
  payments: [],
  cases: [],
  complaints: [],
};

interface State {
  page: Page | null;
  related: Related;
  error: string | null;
  flash: Flash | null;
  dialog: OpenDialog | null;
}

type Action =
  | { type: 'loaded'; page: Page; related: Related }
  | { type: 'failed'; error: string }
  | { type: 'open'; dialog: OpenDialog }
  | { type: 'close' }
  | { type: 'done'; flash: Flash | undefined };

/** A dialog that saved closes and leaves its message; the page then reloads everything. */
function reduce(state: State, action: Action): State {
  switch (action.type) {
    case 'loaded':
      return { ...state, page: action.page, related: action.related, error: null };
    case 'failed':
      return { ...state, error: action.error };
    case 'open':
      return { ...state, dialog: action.dialog };
    case 'close':
      return { ...state, dialog: null };
    case 'done':
      return { ...state, dialog: null, flash: action.flash ?? state.flash };
  }
}

/** Everything about one family on one screen: members, programmes, verification, money, cases, history. */
export function HouseholdPage({ id }: { id: string }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const can = useCan();
  const reference = useReference();
  const [state, dispatch] = useReducer(reduce, undefined, () => ({
    page: null,
    related: NOTHING_RELATED,
    error: null,
    flash: takeFlash(),
    dialog: null,
  }));

  const load = useCallback(async () => {
    const [household, enrolments, verifications, payments, cases, complaints] = await Promise.all([
      call('households.get', { id }),
      call('enrolments.list', { householdId: id }),
      call('verification.list', { householdId: id }),
      call('disbursement.items', { householdId: id, limit: 200 }),
      call('cases.list', { householdId: id }),
      call('complaints.list', { householdId: id }),
    ]);
    if (!household.ok) return dispatch({ type: 'failed', error: household.error.message });
    dispatch({
      type: 'loaded',
      page: household.value,
      related: {
        enrolments: enrolments.ok ? enrolments.value : [],
        verifications: verifications.ok ? verifications.value : [],
        payments: payments.ok ? payments.value.rows : [],
        cases: cases.ok ? cases.value : [],
        complaints: complaints.ok ? complaints.value : [],
      },
    });
  }, [call, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const { page, related, error, flash, dialog } = state;
  if (error) {
    return (
      <>
        <PageHeader title={s.title} />
        <Notice tone="error">{error}</Notice>
        <a href="#/keluarga">{s.back}</a>
      </>
    );
  }
  if (!page) return <p className="muted">…</p>;

  const { household, members } = page;
  const head = members.find((m) => m.id === household.headPersonId);
  const writable = can('registry.write');
  const open = (next: OpenDialog) => () => dispatch({ type: 'open', dialog: next });
  const openFor = (kind: 'editPerson' | 'move' | 'status') => (person: PersonView) =>
    dispatch({ type: 'open', dialog: { kind, person } });
  const close = () => dispatch({ type: 'close' });
  const done = (message?: Flash) => {
    dispatch({ type: 'done', flash: message });
    void load();
  };

  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <a href="#/keluarga">← {s.back}</a>
      </p>
      <PageHeader
        title={head ? `${head.name}` : `KK ${household.kkNumber ?? '—'}`}
        intro={
          <>
            KK <span className="mono">{household.kkNumber ?? '—'}</span> · {household.desaName},{' '}
            {household.kecamatanName}
            {household.synthetic ? (
              <span className="badge badge-warn" style={{ marginLeft: 8 }}>
                {s.synthetic}
              </span>
            ) : null}
            {household.status !== 'aktif' ? (
              <span className="badge badge-bad" style={{ marginLeft: 8 }}>
                {s.inactive}
              </span>
            ) : null}
          </>
        }
        actions={
          writable ? (
            <>
              <button type="button" className="btn" onClick={open({ kind: 'edit' })}>
                {s.edit}
              </button>
              <button type="button" className="btn" onClick={open({ kind: 'kk' })}>
                {s.changeKk}
              </button>
              <button type="button" className="btn" onClick={open({ kind: 'desil' })}>
                {s.setDesil}
              </button>
              <button
                type="button"
                className="btn"
                onClick={open({ kind: 'split' })}
                disabled={members.length < 2}
              >
                {s.split}
              </button>
              <button type="button" className="btn" onClick={open({ kind: 'remove' })}>
                {s.remove}
              </button>
            </>
          ) : null
        }
      />
      {flash ? (
        <Notice tone={flash.tone} title={flash.title}>
          {flash.items?.length ? (
            <ul style={{ margin: 0 }}>
              {flash.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <OverviewSection household={household} />
      <MembersSection
        members={members}
        reference={reference}
        writable={writable}
        onAdd={open({ kind: 'addPerson' })}
        onEdit={openFor('editPerson')}
        onMove={openFor('move')}
        onStatus={openFor('status')}
      />
      <div className="grid-2">
        <ProgramsSection
          enrolments={related.enrolments}
          onEnrol={can('enrolment.write') ? open({ kind: 'enrol' }) : null}
        />
        <VerificationSection
          verifications={related.verifications}
          onStart={can('verification.write') && household.status === 'aktif' ? open({ kind: 'visit' }) : null}
        />
      </div>
      <PaymentsSection payments={related.payments} reference={reference} />
      <div className="grid-2">
        <CasesSection cases={related.cases} onNew={can('cases.write') ? open({ kind: 'case' }) : null} />
        <ComplaintsSection
          complaints={related.complaints}
          onNew={can('complaints.write') ? open({ kind: 'complaint' }) : null}
        />
      </div>
      <HistorySection page={page} />

      {dialog ? (
        <HouseholdDialog dialog={dialog} page={page} reference={reference} onClose={close} onDone={done} />
      ) : null}
    </>
  );
}

/** The one dialog open over the page. */
function HouseholdDialog({
  dialog,
  page,
  reference,
  onClose,
  onDone,
}: {
  dialog: OpenDialog;
  page: Page;
  reference: Reference | null;
  onClose: () => void;
  onDone: (message?: Flash) => void;
}) {
  const { household, members } = page;
  switch (dialog.kind) {
    case 'edit':
      return <EditHouseholdDialog page={page} onClose={onClose} onDone={onDone} />;
    case 'kk':
      return <ChangeKkDialog page={page} onClose={onClose} onDone={onDone} />;
    case 'desil':
      return <DesilDialog page={page} onClose={onClose} onDone={onDone} />;
    case 'split':
      return <SplitDialog page={page} onClose={onClose} onDone={onDone} />;
    case 'remove':
      return <RemoveDialog page={page} onClose={onClose} />;
    case 'addPerson':
    case 'editPerson':
      return (
        <PersonDialog
          householdId={household.id}
          person={dialog.kind === 'editPerson' ? dialog.person : null}
          reference={reference}
          onClose={onClose}
          onDone={onDone}
        />
      );
    case 'move':
      return <MoveDialog person={dialog.person} reference={reference} onClose={onClose} onDone={onDone} />;
    case 'status':
      return <StatusDialog person={dialog.person} onClose={onClose} onDone={onDone} />;
    case 'enrol':
      return (
        <EnrolDialog
          householdId={household.id}
          members={members.map((m) => ({ id: m.id, name: m.name, status: m.status }))}
          onClose={onClose}
          onDone={() => onDone()}
        />
      );
    case 'case':
      return (
        <NewCaseDialog
          householdId={household.id}
          members={members.filter((m) => m.status === 'aktif').map((m) => ({ id: m.id, name: m.name }))}
          onClose={onClose}
          onDone={() => onDone()}
        />
      );
    case 'complaint':
      return <NewComplaintDialog householdId={household.id} onClose={onClose} onDone={() => onDone()} />;
    case 'visit':
      return <StartVisitDialog householdId={household.id} onClose={onClose} />;
  }
}
