import { useCallback, useState, type ReactNode } from 'react';
import type { ProgramView } from '../../../common/api/methods/programs.ts';
import { formatRupiah } from '../../../common/format.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { ComponentDialog, ProgramDialog } from './ProgramDialogs.tsx';
import { programStrings } from './strings.ts';

type ComponentView = ProgramView['components'][number];
type Editing =
  | { kind: 'program'; program: ProgramView }
  | { kind: 'component'; program: ProgramView; component: ComponentView | null };

/** Programmes with their components; admins ('reference.manage') edit, everyone else reads. */
export function ProgramsPage() {
  const s = useStrings(programStrings);
  const call = useCall();
  const can = useCan();
  const editable = can('reference.manage');
  const { value: programs, error, reload } = useLoad(() => call('reference.programs', {}), [call]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [message, setMessage] = useState<{ programId: string; text: string } | null>(null);
  const close = useCallback(() => setEditing(null), []);
  const saved = useCallback(
    (program: ProgramView) => {
      setEditing(null);
      setMessage({ programId: program.id, text: s.saved(program.name) });
      void reload();
    },
    [reload, s],
  );

  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      {!editable ? <Notice tone="info">{s.readOnly}</Notice> : null}
      {error ? (
        <Notice tone="error" title={s.loadFailed}>
          {error.message}
        </Notice>
      ) : null}
      {programs && programs.length === 0 ? <EmptyState title={s.empty} /> : null}
      {programs && programs.length > 1 ? (
        <nav aria-label={s.jumpTo} className="btn-row" style={{ marginBottom: '1.25rem', gap: '0.5rem' }}>
          <span className="muted">{s.jumpTo}:</span>
          {programs.map((p) => (
            <button
              key={p.id}
              type="button"
              className="btn btn-sm"
              onClick={() => {
                document.getElementById(`program-card-${p.id}`)?.scrollIntoView({ block: 'start' });
                document.getElementById(`program-${p.id}`)?.focus({ preventScroll: true });
              }}
            >
              {p.name}
            </button>
          ))}
        </nav>
      ) : null}
      {programs?.map((program) => (
        <ProgramCard
          key={program.id}
          program={program}
          all={programs}
          editable={editable}
          message={message?.programId === program.id ? message.text : null}
          onEdit={() => {
            setMessage(null);
            setEditing({ kind: 'program', program });
          }}
          onComponent={(component) => {
            setMessage(null);
            setEditing({ kind: 'component', program, component });
          }}
        />
      ))}
      {editing?.kind === 'program' ? (
        <ProgramDialog program={editing.program} all={programs ?? []} onClose={close} onSaved={saved} />
      ) : null}
      {editing?.kind === 'component' ? (
        <ComponentDialog
          program={editing.program}
          component={editing.component}
          onClose={close}
          onSaved={saved}
        />
      ) : null}
    </>
  );
}

function ProgramCard({
  program,
  all,
  editable,
  message,
  onEdit,
  onComponent,
}: {
  program: ProgramView;
  all: ProgramView[];
  editable: boolean;
  message: string | null;
  onEdit: () => void;
  onComponent: (component: ComponentView | null) => void;
}) {
  const s = useStrings(programStrings);
  const nameOf = (code: string) => all.find((p) => p.code === code)?.name;
  return (
    <section className="card" id={`program-card-${program.id}`} aria-labelledby={`program-${program.id}`}>
      <div className="section-title" style={{ alignItems: 'flex-start' }}>
        <div>
          <h2 id={`program-${program.id}`} tabIndex={-1}>
            {program.name}
          </h2>
          <div className="btn-row" style={{ gap: '0.5rem' }}>
            <span className="muted">{s.codeInFiles(program.code)}</span>
            <span className={`badge ${program.active ? 'badge-ok' : 'badge-bad'}`}>
              {program.active ? s.active : s.inactive}
            </span>
          </div>
        </div>
        {editable ? (
          <div className="btn-row" style={{ flexShrink: 0 }}>
            <button type="button" className="btn btn-sm" onClick={onEdit}>
              {s.editProgram}
            </button>
            <button type="button" className="btn btn-sm" onClick={() => onComponent(null)}>
              {s.addComponent}
            </button>
          </div>
        ) : null}
      </div>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {program.description ? <p>{program.description}</p> : null}
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
          gap: '0.75rem 1.25rem',
          margin: '0 0 1.25rem',
        }}
      >
        <Fact label={s.target}>{s.targets[program.target]}</Fact>
        <Fact label={s.benefit}>{s.benefits[program.benefit]}</Fact>
        <Fact label={s.schedule}>
          {s.schedules[program.schedule as keyof typeof s.schedules] ?? program.schedule}
        </Fact>
        <Fact label={s.channel}>
          {program.defaultChannel ? s.channels[program.defaultChannel] : s.noChannel}
        </Fact>
        <Fact label={s.desaOnly}>{program.desaOnly ? s.desaOnlyYes : s.desaOnlyNo}</Fact>
        <Fact label={s.excludes}>
          {program.excludes.length
            ? program.excludes.map((code) => (
                <span key={code} className="badge badge-warn" style={{ marginRight: '0.35rem' }}>
                  {nameOf(code) ?? code}
                </span>
              ))
            : s.excludesNone}
        </Fact>
        <Fact label={s.enrolments} hint={s.enrolmentsHint}>
          <strong>{program.activeEnrolments.toLocaleString('id-ID')}</strong>
        </Fact>
      </dl>
      <h3>{s.components}</h3>
      {program.components.length === 0 ? (
        <p className="muted">{s.noComponents}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{s.componentName}</th>
                <th>{s.code}</th>
                <th style={{ textAlign: 'right' }}>{s.amount}</th>
                <th>{s.unit}</th>
                <th>{s.status}</th>
                {editable ? <th>{s.actions}</th> : null}
              </tr>
            </thead>
            <tbody>
              {program.components.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td className="mono">{c.code}</td>
                  <td className="amount" style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    {formatRupiah(c.amount)}
                  </td>
                  <td style={{ whiteSpace: 'nowrap' }}>{s.units[c.amountUnit]}</td>
                  <td>
                    <span className={`badge ${c.active ? 'badge-ok' : 'badge-bad'}`}>
                      {c.active ? s.active : s.inactive}
                    </span>
                  </td>
                  {editable ? (
                    <td>
                      <button
                        type="button"
                        className="btn btn-sm"
                        onClick={() => onComponent(c)}
                        aria-label={`${s.editComponent}: ${c.name}`}
                      >
                        {s.editComponent}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Fact({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div>
      <dt className="muted" style={{ fontSize: '0.9rem' }}>
        {label}
        {hint ? <span> ({hint})</span> : null}
      </dt>
      <dd style={{ margin: 0, fontWeight: 500 }}>{children}</dd>
    </div>
  );
}
