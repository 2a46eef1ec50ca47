import { useState, type FormEvent } from 'react';
import type { VerificationView } from '../../../common/api/methods/casework.ts';
import {
  OUTCOME_LABELS,
  VERIFICATION_SOURCE_LABELS,
  VERIFICATION_SOURCES,
  VERIFICATION_STATUS_LABELS,
  VERIFICATION_STATUSES,
} from '../../../common/domain/registry.ts';
import { formatDateId, formatDateTimeId } from '../../../common/format.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { DesaPicker, useDesaChoices } from '../../components/DesaPicker.tsx';
import { SelectField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { verificationStrings } from './strings.ts';
import { VerificationDetail } from './VerificationDetail.tsx';
import { VerificationStatusBadge } from './VerificationStatusBadge.tsx';

type Tab = 'daftar' | 'persetujuan';
type Source = (typeof VERIFICATION_SOURCES)[number];
type Status = (typeof VERIFICATION_STATUSES)[number];
const LIMIT = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** #/verifikasi (worklist), #/verifikasi/persetujuan (approvals), #/verifikasi/<id> (one). */
function parse(path: string): { tab: Tab; id: string | null } {
  const part = path.split('/').filter(Boolean)[1] ?? '';
  if (UUID.test(part)) return { tab: 'daftar', id: part };
  return { tab: part === 'persetujuan' ? 'persetujuan' : 'daftar', id: null };
}

/** "Verifikasi": worklists per desa, field visits, results and their approval. */
export function VerificationPage() {
  const s = useStrings(verificationStrings);
  const can = useCan();
  const call = useCall();
  const { tab, id } = parse(useRoute());
  const approver = can('verification.approve');
  const awaiting = useLoad(
    () =>
      approver && !id
        ? call('verification.list', { awaitingApproval: true, limit: LIMIT })
        : Promise.resolve({ ok: true as const, value: [] }),
    [call, approver, id, tab],
  );

  if (id) {
    return (
      <>
        <PageHeader title={s.title} />
        <VerificationDetail key={id} id={id} />
      </>
    );
  }
  const count = awaiting.value?.length ?? 0;
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      {approver ? (
        <Tabs<Tab>
          tabs={[
            { key: 'daftar', label: s.tabWorklist },
            { key: 'persetujuan', label: count ? s.tabApprovalsCount(count) : s.tabApprovals },
          ]}
          active={tab}
          onChange={(next) => navigate(next === 'daftar' ? '/verifikasi' : '/verifikasi/persetujuan')}
        >
          {tab === 'persetujuan' ? (
            <Approvals rows={awaiting.value} error={awaiting.error?.message ?? null} />
          ) : (
            <Worklist />
          )}
        </Tabs>
      ) : (
        <Worklist />
      )}
    </>
  );
}

/** The filters survive opening a verification and coming back (for this window only). */
let rememberedFilters: { desaCode: string; status: Status | '' } = { desaCode: '', status: '' };

function Worklist() {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const can = useCan();
  const [filters, setFiltersState] = useState(rememberedFilters);
  const setFilters = (next: typeof filters) => {
    rememberedFilters = next;
    setFiltersState(next);
  };
  const { value, error, loading, reload } = useLoad(
    () =>
      call('verification.list', {
        ...(filters.desaCode ? { desaCode: filters.desaCode } : {}),
        ...(filters.status ? { status: filters.status } : {}),
        limit: LIMIT,
      }),
    [call, filters],
  );
  const rows = value ?? [];
  const filtered = !!filters.desaCode || !!filters.status;

  return (
    <>
      <div className="toolbar">
        <DesaPicker
          label={s.desa}
          value={filters.desaCode}
          onChange={(desaCode) => setFilters({ ...filters, desaCode })}
          emptyLabel={s.allDesa}
        />
        <SelectField
          label={s.status}
          value={filters.status}
          onChange={(e) => setFilters({ ...filters, status: e.target.value as Status | '' })}
        >
          <option value="">{s.allStatuses}</option>
          {VERIFICATION_STATUSES.map((st) => (
            <option key={st} value={st}>
              {VERIFICATION_STATUS_LABELS[st]}
            </option>
          ))}
        </SelectField>
      </div>
      {can('verification.write') ? (
        <CreateWorklist desaCode={filters.desaCode} onCreated={() => void reload()} />
      ) : null}
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {value && rows.length === 0 ? (
        <div className="card">
          <EmptyState title={s.emptyTitle}>
            <p>{filtered ? s.emptyFiltered : can('verification.write') ? s.emptyWrite : s.emptyRead}</p>
          </EmptyState>
        </div>
      ) : null}
      {rows.length > 0 ? (
        <>
          <p className="muted" aria-live="polite">
            {s.shown(rows.length)}
          </p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{s.colFamily}</th>
                  <th>{s.colDesa}</th>
                  <th>{s.colSource}</th>
                  <th>{s.colStatus}</th>
                  <th>{s.colVisit}</th>
                  <th>{s.colResult}</th>
                  <th>
                    <span className="visually-hidden">{s.colAction}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <a href={`#/keluarga/${v.householdId}`}>{v.headName ?? s.noHead}</a>
                      <div className="muted mono" style={{ fontSize: '0.88rem', whiteSpace: 'nowrap' }}>
                        {s.kk(v.kkNumber)}
                      </div>
                    </td>
                    <td>{v.desaName}</td>
                    <td>{VERIFICATION_SOURCE_LABELS[v.source]}</td>
                    <td>
                      <VerificationStatusBadge view={v} />
                    </td>
                    <td>
                      {v.visit?.visitDate ? (
                        formatDateId(v.visit.visitDate)
                      ) : (
                        <span className="muted">{s.notVisited}</span>
                      )}
                    </td>
                    <td>{v.outcome ? OUTCOME_LABELS[v.outcome] : <span className="muted">—</span>}</td>
                    <td>
                      <a
                        className="btn btn-sm"
                        href={`#/verifikasi/${v.id}`}
                        aria-label={`${s.open}: ${v.headName ?? s.noHead}`}
                      >
                        {s.open}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rows.length >= LIMIT ? <Notice tone="info">{s.limitReached(LIMIT)}</Notice> : null}
        </>
      ) : null}
      {loading && !value ? <p className="muted">{s.loading}</p> : null}
    </>
  );
}

function CreateWorklist({ desaCode, onCreated }: { desaCode: string; onCreated: () => void }) {
  const s = useStrings(verificationStrings);
  const call = useCall();
  const { nameOf } = useDesaChoices();
  const [source, setSource] = useState<Source>('usulan');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ tone: 'success' | 'info' | 'error'; text: string } | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!desaCode) return;
    setBusy(true);
    const r = await call('verification.createWorklist', { desaCode, source });
    setBusy(false);
    if (!r.ok) return setResult({ tone: 'error', text: r.error.message });
    const desa = nameOf(desaCode);
    setResult(
      r.value.created
        ? { tone: 'success', text: s.created(r.value.created, r.value.skipped, desa) }
        : { tone: 'info', text: s.createdNone(r.value.skipped, desa) },
    );
    onCreated();
  };
  return (
    <section className="card">
      <h2>{s.createTitle}</h2>
      <p className="muted">{s.createIntro}</p>
      {result ? <Notice tone={result.tone}>{result.text}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <div style={{ maxWidth: 520 }}>
          <SelectField
            label={s.source}
            value={source}
            onChange={(e) => setSource(e.target.value as Source)}
            hint={s.sourceHints[source]}
          >
            {VERIFICATION_SOURCES.map((src) => (
              <option key={src} value={src}>
                {VERIFICATION_SOURCE_LABELS[src]}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy || !desaCode}>
            {busy ? s.creating : desaCode ? `${s.create}: ${nameOf(desaCode)}` : s.create}
          </button>
          {!desaCode ? <span className="warning-text">{s.chooseDesaFirst}</span> : null}
        </div>
      </form>
    </section>
  );
}

function Approvals({ rows, error }: { rows: VerificationView[] | null; error: string | null }) {
  const s = useStrings(verificationStrings);
  if (error) return <Notice tone="error">{error}</Notice>;
  if (!rows) return <p className="muted">{s.loading}</p>;
  if (rows.length === 0) {
    return (
      <div className="card">
        <EmptyState title={s.approvalsEmptyTitle}>
          <p>{s.approvalsEmptyBody}</p>
        </EmptyState>
      </div>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>{s.colFamily}</th>
            <th>{s.colDesa}</th>
            <th>{s.colResult}</th>
            <th>{s.colReason}</th>
            <th>{s.colSubmitted}</th>
            <th>
              <span className="visually-hidden">{s.colAction}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.id}>
              <td>
                <a href={`#/keluarga/${v.householdId}`}>{v.headName ?? s.noHead}</a>
                <div className="muted mono" style={{ fontSize: '0.88rem', whiteSpace: 'nowrap' }}>
                  {s.kk(v.kkNumber)}
                </div>
              </td>
              <td>{v.desaName}</td>
              <td>
                <strong>{v.outcome ? OUTCOME_LABELS[v.outcome] : '—'}</strong>
              </td>
              <td>{v.outcomeReason}</td>
              <td>{v.submittedAt ? formatDateTimeId(v.submittedAt) : '—'}</td>
              <td>
                <a
                  className="btn btn-sm btn-primary"
                  href={`#/verifikasi/${v.id}`}
                  aria-label={`${s.review}: ${v.headName ?? s.noHead}`}
                >
                  {s.review}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
