import type { Output } from '../../../common/api/contract.ts';
import type {
  CaseView,
  ComplaintView,
  PaymentView,
  VerificationView,
} from '../../../common/api/methods/casework.ts';
import { ageOn, todayWib } from '../../../common/domain/localDate.ts';
import type { EnrolmentView } from '../../../common/api/methods/programs.ts';
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
import { EmptyState } from '../../components/Layout.tsx';
import { useStrings } from '../../i18n/i18n.tsx';
import { verificationStrings } from '../verification/strings.ts';
import { registryStrings } from './strings.ts';
import type { Reference } from './useReference.ts';

/** The sections of the household page, each one card; the page holds the data and the dialogs. */

type Page = Output<'households.get'>;

function age(birthDate: string | null): string {
  // Counted on today's date in Batu, whatever the computer's time zone.
  return birthDate ? `${ageOn(birthDate, todayWib())} th` : '';
}

/** A programme's name from its code, for views that carry the code alone. */
export const programNameOf = (reference: Reference | null, code: string): string =>
  reference?.programs.find((p) => p.code === code)?.name ?? code;

export function OverviewSection({ household }: { household: Page['household'] }) {
  const s = useStrings(registryStrings);
  return (
    <section className="card" aria-label={s.overview}>
      <dl className="kv" style={{ gridTemplateColumns: 'max-content 1fr max-content 1fr' }}>
        <dt>{s.address}</dt>
        <dd>
          {household.address || '—'}
          {household.dusun ? `, ${/^dusun\b/i.test(household.dusun) ? '' : 'Dusun '}${household.dusun}` : ''}
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
  );
}

export function MembersSection({
  members,
  reference,
  writable,
  onAdd,
  onEdit,
  onMove,
  onStatus,
}: {
  members: PersonView[];
  reference: Reference | null;
  writable: boolean;
  onAdd: () => void;
  onEdit: (person: PersonView) => void;
  onMove: (person: PersonView) => void;
  onStatus: (person: PersonView) => void;
}) {
  const s = useStrings(registryStrings);
  const active = members.filter((m) => m.status === 'aktif');
  return (
    <section className="card">
      <div className="section-title">
        <h2>
          {s.tabMembers} ({active.length})
        </h2>
        {writable ? (
          <button type="button" className="btn btn-sm" onClick={onAdd}>
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
                  {m.bankAccount || m.kksNumber || m.phoneNumber ? (
                    <div className="muted mono">
                      {s.numbersLine(m.bankAccount, m.kksNumber, m.phoneNumber)}
                    </div>
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
                      <button type="button" className="btn btn-sm" onClick={() => onEdit(m)}>
                        {s.editPerson}
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => onMove(m)}>
                        {s.movePerson}
                      </button>
                      <button type="button" className="btn btn-sm" onClick={() => onStatus(m)}>
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
  );
}

export function ProgramsSection({
  enrolments,
  onEnrol,
}: {
  enrolments: EnrolmentView[];
  onEnrol: (() => void) | null;
}) {
  const s = useStrings(registryStrings);
  return (
    <section className="card">
      <div className="section-title">
        <h2>{s.tabPrograms}</h2>
        {onEnrol ? (
          <button type="button" className="btn btn-sm" onClick={onEnrol}>
            + {s.enrol}
          </button>
        ) : null}
      </div>
      {enrolments.length === 0 ? (
        <p className="muted">{s.noPrograms}</p>
      ) : (
        <table className="data">
          <tbody>
            {enrolments.map((e) => (
              <tr key={e.id}>
                <td>
                  <strong>{e.programName}</strong> {e.componentName ? `· ${e.componentName}` : ''}
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
  );
}

const APPROVAL_WORDS = { disetujui: 'Disetujui manajer', dikembalikan: 'Dikembalikan untuk diperbaiki' };

/** Every round of verification; an officer starts one for this family, or continues the open one. */
export function VerificationSection({
  verifications,
  onStart,
}: {
  verifications: VerificationView[];
  onStart: (() => void) | null;
}) {
  const s = useStrings(registryStrings);
  const v = useStrings(verificationStrings);
  const open = verifications.find((r) => r.status !== 'terverifikasi');
  return (
    <section className="card">
      <div className="section-title">
        <h2>{s.tabVerification}</h2>
        {onStart && open ? (
          <a className="btn btn-sm" href={`#/verifikasi/${open.id}`}>
            {v.continueVisit}
          </a>
        ) : onStart ? (
          <button type="button" className="btn btn-sm" onClick={onStart}>
            + {v.startVisit}
          </button>
        ) : null}
      </div>
      {verifications.length === 0 ? (
        <p className="muted">{s.noVerifications}</p>
      ) : (
        <table className="data">
          <tbody>
            {verifications.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`#/verifikasi/${r.id}`}>{VERIFICATION_SOURCE_LABELS[r.source]}</a>
                  <div className="muted">{formatDateId(r.createdAt)}</div>
                </td>
                <td>{VERIFICATION_STATUS_LABELS[r.status]}</td>
                <td>
                  {r.outcome ? OUTCOME_LABELS[r.outcome] : '—'}
                  {r.approval ? <div className="muted">{APPROVAL_WORDS[r.approval]}</div> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function PaymentsSection({
  payments,
  reference,
}: {
  payments: PaymentView[];
  reference: Reference | null;
}) {
  const s = useStrings(registryStrings);
  return (
    <section className="card">
      <h2>{s.tabPayments}</h2>
      {payments.length === 0 ? (
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
              {payments.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`#/penyaluran/${p.periodId}`}>
                      {programNameOf(reference, p.programCode)} · {p.periodLabel}
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
  );
}

export function CasesSection({ cases, onNew }: { cases: CaseView[]; onNew: (() => void) | null }) {
  const s = useStrings(registryStrings);
  return (
    <section className="card">
      <div className="section-title">
        <h2>{s.cases}</h2>
        {onNew ? (
          <button type="button" className="btn btn-sm" onClick={onNew}>
            + {s.newCase}
          </button>
        ) : null}
      </div>
      {cases.length === 0 ? (
        <p className="muted">{s.noCases}</p>
      ) : (
        <ul className="timeline">
          {cases.map((c) => (
            <li key={c.id}>
              <a href={`#/kasus/${c.id}`}>{c.title}</a> · {CASE_TYPE_LABELS[c.type]}{' '}
              <span className={`badge ${c.overdue ? 'badge-bad' : ''}`}>{CASE_STATUS_LABELS[c.status]}</span>
              {c.overdue ? <span className="badge badge-bad">{s.overdue}</span> : null}
              <div className="when">{formatDateId(c.openedAt)}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ComplaintsSection({
  complaints,
  onNew,
}: {
  complaints: ComplaintView[];
  onNew: (() => void) | null;
}) {
  const s = useStrings(registryStrings);
  return (
    <section className="card">
      <div className="section-title">
        <h2>{s.complaints}</h2>
        {onNew ? (
          <button type="button" className="btn btn-sm" onClick={onNew}>
            + {s.newComplaint}
          </button>
        ) : null}
      </div>
      {complaints.length === 0 ? (
        <p className="muted">{s.noComplaints}</p>
      ) : (
        <ul className="timeline">
          {complaints.map((c) => (
            <li key={c.id}>
              <a href={`#/kasus/pengaduan/${c.id}`}>{c.subject}</a> · {COMPLAINT_KIND_LABELS[c.kind]}{' '}
              <span className={`badge ${c.status === 'selesai' ? 'badge-ok' : ''}`}>
                {COMPLAINT_STATUS_LABELS[c.status]}
              </span>
              <div className="when">
                {formatDateId(c.receivedAt)} · {s.responseDays(c.responseDays)}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function HistorySection({ page }: { page: Page }) {
  const s = useStrings(registryStrings);
  return (
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
  );
}
