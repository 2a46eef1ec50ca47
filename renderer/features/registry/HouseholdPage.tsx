import { useCallback, useEffect, useState } from 'react';
import type { Output } from '../../../common/api/contract.ts';
import type { EnrolmentView } from '../../../common/api/methods/programs.ts';
import type {
  CaseView,
  ComplaintView,
  PaymentView,
  VerificationView,
} from '../../../common/api/methods/casework.ts';
import type { PersonView } from '../../../common/api/methods/registry.ts';
import {
  CASE_STATUS_LABELS,
  CASE_TYPE_LABELS,
  CHANNEL_LABELS,
  COMPLAINT_KIND_LABELS,
  COMPLAINT_STATUS_LABELS,
  ENROLMENT_STATUS_LABELS,
  OUTCOME_LABELS,
  PAYMENT_STATUS_LABELS,
  PERSON_STATUS_LABELS,
  VERIFICATION_SOURCE_LABELS,
  VERIFICATION_STATUS_LABELS,
} from '../../../common/domain/registry.ts';
import { formatDateId, formatDateTimeId, formatRupiah } from '../../../common/format.ts';
import { takeFlash, type Flash } from '../../app/flash.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { NewCaseDialog } from '../cases/NewCaseDialog.tsx';
import { NewComplaintDialog } from '../cases/NewComplaintDialog.tsx';
import { EnrolDialog } from '../programs/EnrolDialog.tsx';
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
import { registryStrings } from './strings.ts';
import { useReference } from './useReference.ts';

type Page = Output<'households.get'>;

type OpenDialog =
  | { kind: 'edit' | 'kk' | 'desil' | 'split' | 'remove' | 'addPerson' | 'enrol' | 'case' | 'complaint' }
  | { kind: 'editPerson' | 'move' | 'status'; person: PersonView };

function age(birthDate: string | null): string {
  if (!birthDate) return '';
  const now = new Date();
  const born = new Date(birthDate);
  let years = now.getFullYear() - born.getFullYear();
  if (
    now.getMonth() < born.getMonth() ||
    (now.getMonth() === born.getMonth() && now.getDate() < born.getDate())
  )
    years--;
  return `${years} th`;
}

/** Everything about one family on one screen: members, programmes, verification, money, cases, history. */
export function HouseholdPage({ id }: { id: string }) {
  const s = useStrings(registryStrings);
  const call = useCall();
  const can = useCan();
  const reference = useReference();
  const [page, setPage] = useState<Page | null>(null);
  const [related, setRelated] = useState<{
    enrolments: EnrolmentView[];
    verifications: VerificationView[];
    payments: PaymentView[];
    cases: CaseView[];
    complaints: ComplaintView[];
  }>({
    enrolments: [],
    verifications: [],
    payments: [],
    cases: [],
    complaints: [],
  });
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlashState] = useState<Flash | null>(() => takeFlash());
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  const load = useCallback(async () => {
    const [household, enrolments, verifications, payments, cases, complaints] = await Promise.all([
      call('households.get', { id }),
      call('enrolments.list', { householdId: id }),
      call('verification.list', { householdId: id }),
      call('disbursement.items', { householdId: id, limit: 200 }),
      call('cases.list', { householdId: id }),
      call('complaints.list', { householdId: id }),
    ]);
    if (!household.ok) return setError(household.error.message);
    setPage(household.value);
    setRelated({
      enrolments: enrolments.ok ? enrolments.value : [],
      verifications: verifications.ok ? verifications.value : [],
      payments: payments.ok ? payments.value.rows : [],
      cases: cases.ok ? cases.value : [],
      complaints: complaints.ok ? complaints.value : [],
    });
  }, [call, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const done = (message?: Flash) => {
    setDialog(null);
    if (message) setFlashState(message);
    void load();
  };

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
  const active = members.filter((m) => m.status === 'aktif');

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
                {household.status}
              </span>
            ) : null}
          </>
        }
        actions={
          writable ? (
            <>
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'edit' })}>
                {s.edit}
              </button>
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'kk' })}>
                {s.changeKk}
              </button>
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'desil' })}>
                {s.setDesil}
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => setDialog({ kind: 'split' })}
                disabled={members.length < 2}
              >
                {s.split}
              </button>
              <button type="button" className="btn" onClick={() => setDialog({ kind: 'remove' })}>
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

      <section className="card" aria-label={s.overview}>
        <dl className="kv" style={{ gridTemplateColumns: 'max-content 1fr max-content 1fr' }}>
          <dt>{s.address}</dt>
          <dd>
            {household.address || '—'}
            {household.dusun ? `, Dusun ${household.dusun}` : ''}
          </dd>
          <dt>{s.rtRw}</dt>
          <dd>{household.rt ? `${household.rt}/${household.rw ?? '—'}` : '—'}</dd>
          <dt>{s.desil}</dt>
          <dd>
            {household.desil
              ? `Desil ${household.desil} (${household.desilAsOf ? formatDateId(household.desilAsOf) : '—'})`
              : '—'}
          </dd>
          <dt>{s.dtks}</dt>
          <dd>{household.dtksStatus ?? '—'}</dd>
          <dt>{s.income}</dt>
          <dd>{household.monthlyIncome != null ? formatRupiah(household.monthlyIncome) : '—'}</dd>
          <dt>{s.housing}</dt>
          <dd>
            {[
              household.floorType && `lantai ${household.floorType}`,
              household.wallType && `dinding ${household.wallType}`,
              household.roofType && `atap ${household.roofType}`,
              household.houseOwnership,
            ]
              .filter(Boolean)
              .join(', ') || '—'}
            {household.assets.length ? ` · ${household.assets.join(', ')}` : ''}
          </dd>
        </dl>
      </section>

      <section className="card">
        <div className="section-title">
          <h2>
            {s.tabMembers} ({active.length})
          </h2>
          {writable ? (
            <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'addPerson' })}>
              + {s.addPerson}
            </button>
          ) : null}
        </div>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{s.name}</th>
                <th>{s.nik}</th>
                <th>{s.birth}</th>
                <th>{s.relationship}</th>
                <th>{s.status}</th>
                {writable ? <th /> : null}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => (
                <tr key={m.id}>
                  <td>
                    <strong>{m.name}</strong> <span className="muted">({m.sex})</span>
                    {m.disability ? (
                      <div className="muted">{reference?.label('disability', m.disability)}</div>
                    ) : null}
                    {m.specificHidden ? (
                      <div className="muted">
                        {s.disability}: {s.hidden}
                      </div>
                    ) : null}
                  </td>
                  <td>
                    <span className="mono">{m.nik ?? '—'}</span>
                    {m.idWarnings.map((w) => (
                      <div key={w.code} className="warning-text">
                        ⚠ {w.message}
                      </div>
                    ))}
                  </td>
                  <td>
                    {m.birthDate ? formatDateId(m.birthDate) : '—'}{' '}
                    <span className="muted">{age(m.birthDate)}</span>
                  </td>
                  <td>{reference?.label('relationship', m.relationship) ?? m.relationship}</td>
                  <td>
                    <span className={`badge ${m.status === 'aktif' ? 'badge-ok' : 'badge-warn'}`}>
                      {PERSON_STATUS_LABELS[m.status]}
                    </span>
                    {m.statusDate ? <div className="muted">{formatDateId(m.statusDate)}</div> : null}
                  </td>
                  {writable ? (
                    <td>
                      <div className="btn-row">
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setDialog({ kind: 'editPerson', person: m })}
                        >
                          {s.editPerson}
                        </button>
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setDialog({ kind: 'move', person: m })}
                        >
                          {s.movePerson}
                        </button>
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setDialog({ kind: 'status', person: m })}
                        >
                          {s.markStatus}
                        </button>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="grid-2">
        <section className="card">
          <div className="section-title">
            <h2>{s.tabPrograms}</h2>
            {can('enrolment.write') ? (
              <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'enrol' })}>
                + {s.enrol}
              </button>
            ) : null}
          </div>
          {related.enrolments.length === 0 ? (
            <p className="muted">{s.noPrograms}</p>
          ) : (
            <table className="data">
              <tbody>
                {related.enrolments.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <strong>{e.programCode}</strong> {e.componentName ? `· ${e.componentName}` : ''}
                      {e.personName ? <div className="muted">{e.personName}</div> : null}
                    </td>
                    <td>
                      <span
                        className={`badge ${e.status === 'aktif' ? 'badge-ok' : e.status === 'usulan' ? '' : 'badge-warn'}`}
                      >
                        {ENROLMENT_STATUS_LABELS[e.status]}
                      </span>
                      {e.statusReason ? <div className="muted">{e.statusReason}</div> : null}
                    </td>
                    <td className="muted">{e.startDate ? `${s.since} ${formatDateId(e.startDate)}` : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>

        <section className="card">
          <h2>{s.tabVerification}</h2>
          {related.verifications.length === 0 ? (
            <p className="muted">{s.noVerifications}</p>
          ) : (
            <table className="data">
              <tbody>
                {related.verifications.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <a href={`#/verifikasi/${v.id}`}>{VERIFICATION_SOURCE_LABELS[v.source]}</a>
                      <div className="muted">{formatDateId(v.createdAt)}</div>
                    </td>
                    <td>{VERIFICATION_STATUS_LABELS[v.status]}</td>
                    <td>
                      {v.outcome ? OUTCOME_LABELS[v.outcome] : '—'}
                      {v.approval ? <div className="muted">{v.approval}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>

      <section className="card">
        <h2>{s.tabPayments}</h2>
        {related.payments.length === 0 ? (
          <p className="muted">{s.noPayments}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{s.period}</th>
                  <th>{s.name}</th>
                  <th className="amount">{s.amount}</th>
                  <th>{s.channel}</th>
                  <th>{s.paymentStatus}</th>
                </tr>
              </thead>
              <tbody>
                {related.payments.map((p) => (
                  <tr key={p.id}>
                    <td>
                      <a href={`#/penyaluran/${p.periodId}`}>
                        {p.programCode} · {p.periodLabel}
                      </a>
                    </td>
                    <td>{p.recipientName}</td>
                    <td className="amount">{formatRupiah(p.amount)}</td>
                    <td>{CHANNEL_LABELS[p.channel]}</td>
                    <td>
                      <span
                        className={`badge ${p.status === 'tersalurkan' ? 'badge-ok' : p.status === 'dikembalikan' ? 'badge-bad' : 'badge-warn'}`}
                      >
                        {PAYMENT_STATUS_LABELS[p.status]}
                      </span>
                      {p.paidDate ? <div className="muted">{formatDateId(p.paidDate)}</div> : null}
                      {p.notPaidReason ? <div className="muted">{p.notPaidReason}</div> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <div className="grid-2">
        <section className="card">
          <div className="section-title">
            <h2>Kasus</h2>
            {can('cases.write') ? (
              <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'case' })}>
                + {s.newCase}
              </button>
            ) : null}
          </div>
          {related.cases.length === 0 ? (
            <p className="muted">{s.noCases}</p>
          ) : (
            <ul className="timeline">
              {related.cases.map((c) => (
                <li key={c.id}>
                  <a href={`#/kasus/${c.id}`}>{c.title}</a> · {CASE_TYPE_LABELS[c.type]}{' '}
                  <span className={`badge ${c.overdue ? 'badge-bad' : ''}`}>
                    {CASE_STATUS_LABELS[c.status]}
                  </span>
                  {c.overdue ? <span className="badge badge-bad">terlambat</span> : null}
                  <div className="when">{formatDateId(c.openedAt)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <div className="section-title">
            <h2>Pengaduan</h2>
            {can('complaints.write') ? (
              <button type="button" className="btn btn-sm" onClick={() => setDialog({ kind: 'complaint' })}>
                + {s.newComplaint}
              </button>
            ) : null}
          </div>
          {related.complaints.length === 0 ? (
            <p className="muted">{s.noComplaints}</p>
          ) : (
            <ul className="timeline">
              {related.complaints.map((c) => (
                <li key={c.id}>
                  <a href={`#/kasus/pengaduan/${c.id}`}>{c.subject}</a> · {COMPLAINT_KIND_LABELS[c.kind]}{' '}
                  <span className={`badge ${c.status === 'selesai' ? 'badge-ok' : ''}`}>
                    {COMPLAINT_STATUS_LABELS[c.status]}
                  </span>
                  <div className="when">
                    {formatDateId(c.receivedAt)} · {c.responseDays} hari
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <div className="grid-2">
        <section className="card">
          <h2>{s.history}</h2>
          {page.history.length === 0 ? (
            <EmptyState title="—" />
          ) : (
            <ul className="timeline">
              {page.history.slice(0, 60).map((h, i) => (
                <li key={`${h.at}-${i}`}>
                  {h.summary}
                  <div className="when">
                    {formatDateTimeId(h.at)} {h.username ? `${s.who} ${h.username}` : ''}
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card">
          <h2>{s.kkHistory}</h2>
          {page.kkHistory.length === 0 ? (
            <p className="muted">{s.noKkHistory}</p>
          ) : (
            <ul className="timeline">
              {page.kkHistory.map((k) => (
                <li key={`${k.kkNumber}-${k.validFrom}`}>
                  <span className="mono">{k.kkNumber}</span> · {k.reason}
                  <div className="when">
                    {formatDateId(k.validFrom)} {s.until} {k.validTo ? formatDateId(k.validTo) : s.now}
                  </div>
                </li>
              ))}
            </ul>
          )}
          <h2 style={{ marginTop: '1rem' }}>{s.desilHistory}</h2>
          {page.desilHistory.length === 0 ? (
            <p className="muted">{s.noDesilHistory}</p>
          ) : (
            <ul className="timeline">
              {page.desilHistory.map((d) => (
                <li key={`${d.asOf}-${d.desil}-${d.source}`}>
                  Desil {d.desil} · {d.source}
                  <div className="when">{formatDateId(d.asOf)}</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {dialog?.kind === 'edit' ? (
        <EditHouseholdDialog
          page={page}
          reference={reference}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'kk' ? (
        <ChangeKkDialog page={page} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog?.kind === 'desil' ? (
        <DesilDialog page={page} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog?.kind === 'split' ? (
        <SplitDialog page={page} reference={reference} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog?.kind === 'remove' ? <RemoveDialog page={page} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'addPerson' ? (
        <PersonDialog
          householdId={household.id}
          person={null}
          reference={reference}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'editPerson' ? (
        <PersonDialog
          householdId={household.id}
          person={dialog.person}
          reference={reference}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'move' ? (
        <MoveDialog
          person={dialog.person}
          reference={reference}
          onClose={() => setDialog(null)}
          onDone={done}
        />
      ) : null}
      {dialog?.kind === 'status' ? (
        <StatusDialog person={dialog.person} onClose={() => setDialog(null)} onDone={done} />
      ) : null}
      {dialog?.kind === 'enrol' ? (
        <EnrolDialog
          householdId={household.id}
          members={members.map((m) => ({ id: m.id, name: m.name, status: m.status }))}
          onClose={() => setDialog(null)}
          onDone={() => done()}
        />
      ) : null}
      {dialog?.kind === 'case' ? (
        <NewCaseDialog
          householdId={household.id}
          members={active.map((m) => ({ id: m.id, name: m.name }))}
          onClose={() => setDialog(null)}
          onDone={() => done()}
        />
      ) : null}
      {dialog?.kind === 'complaint' ? (
        <NewComplaintDialog
          householdId={household.id}
          onClose={() => setDialog(null)}
          onDone={() => done()}
        />
      ) : null}
    </>
  );
}
