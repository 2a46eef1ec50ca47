import { useState } from 'react';
import type { WorkItem } from '../../../common/api/methods/casework.ts';
import { formatDateId } from '../../../common/format.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { EmptyState } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { myWorkStrings } from './myWorkStrings.ts';

const FIRST = 12;

/** Where each kind of work is done. */
export function workHref(item: WorkItem): string {
  switch (item.kind) {
    case 'kasus':
      return `#/kasus/${item.id}`;
    case 'verifikasi':
      return `#/verifikasi/${item.id}`;
    case 'pengaduan':
      return `#/kasus/pengaduan/${item.id}`;
    case 'duplikat':
      return '#/keluarga/data-ganda';
  }
}

const KIND_TONE: Record<WorkItem['kind'], string> = {
  kasus: 'badge',
  verifikasi: 'badge',
  pengaduan: 'badge',
  duplikat: 'badge badge-warn',
};

/** "Aktivitas saya": what waits for the logged-in user (work.mine), overdue first. */
export function MyWork() {
  const s = useStrings(myWorkStrings);
  const call = useCall();
  const can = useCan();
  const [all, setAll] = useState(false);
  const { value, error, loading, reload } = useLoad(() => call('work.mine', {}), [call]);
  // The server sorts already; sorting again keeps the promise "overdue first" in this component.
  const items = [...(value ?? [])].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'),
  );
  const overdue = items.filter((i) => i.overdue).length;
  // work.mine names only the desa of a verification; the family and a send-back come from the list.
  const needsFamilies = can('registry.read') && items.some((i) => i.kind === 'verifikasi');
  const families = useLoad(
    async () =>
      needsFamilies ? call('verification.list', { limit: 500 }) : { ok: true as const, value: [] },
    [call, needsFamilies, value],
  );
  const verification = (id: string) => families.value?.find((v) => v.id === id);
  const shown = all ? items : items.slice(0, FIRST);

  return (
    <section className="card" aria-labelledby="mywork-title">
      <div className="section-title">
        <div>
          <h2 id="mywork-title">{s.title}</h2>
          <p className="muted" style={{ margin: 0 }}>
            {s.intro}
          </p>
        </div>
        <button type="button" className="btn btn-sm" onClick={() => void reload()} disabled={loading}>
          ⟳ {s.refresh}
        </button>
      </div>
      {error ? <Notice tone="error">{error.message}</Notice> : null}
      {!value && loading ? <p className="muted">{s.loading}</p> : null}
      {value && items.length === 0 ? (
        <EmptyState title={s.emptyTitle}>
          <p>{s.emptyBody}</p>
          <div className="btn-row" style={{ justifyContent: 'center' }}>
            {can('verification.write') ? (
              <a className="btn" href="#/verifikasi">
                {s.nextVerification}
              </a>
            ) : null}
            {can('complaints.write') ? (
              <a className="btn" href="#/kasus/pengaduan">
                {s.nextComplaint}
              </a>
            ) : null}
            {can('registry.read') ? (
              <a className="btn" href="#/kasus">
                {s.nextCases}
              </a>
            ) : null}
            {can('registry.read') ? (
              <a className="btn" href="#/keluarga">
                {s.nextFamilies}
              </a>
            ) : null}
          </div>
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <>
          <p style={{ margin: '0.5rem 0 0.75rem' }}>
            {overdue ? <span className="badge badge-bad">⚠ {s.summaryOverdue(overdue)}</span> : null}{' '}
            <span className="badge">{s.summaryTotal(items.length)}</span>
          </p>
          <ul style={{ listStyle: 'none', margin: 0, padding: 0, borderTop: '1px solid var(--border)' }}>
            {shown.map((item) => (
              <li key={`${item.kind}-${item.id}`} style={{ borderBottom: '1px solid var(--border)' }}>
                <a
                  href={workHref(item)}
                  style={{
                    display: 'flex',
                    gap: '1rem',
                    alignItems: 'center',
                    justifyContent: 'space-between',
                    minHeight: 56,
                    padding: '0.55rem 0.75rem',
                    color: 'inherit',
                    textDecoration: 'none',
                    boxShadow: item.overdue ? 'inset 4px 0 0 var(--danger)' : undefined,
                  }}
                >
                  <span style={{ minWidth: 0 }}>
                    <span className={KIND_TONE[item.kind]}>{s.kinds[item.kind]}</span>{' '}
                    <span style={{ color: 'var(--primary)', fontWeight: 600, textDecoration: 'underline' }}>
                      {item.title}
                    </span>
                    <br />
                    <span className="muted" style={{ fontSize: '0.92rem' }}>
                      {item.kind === 'verifikasi' && verification(item.id)?.headName
                        ? `${s.family(verification(item.id)!.headName!)} · ${item.detail}`
                        : item.detail}
                    </span>
                    {item.kind === 'verifikasi' && verification(item.id)?.approval === 'dikembalikan' ? (
                      <>
                        {' '}
                        <span className="badge badge-bad">↩ {s.returned}</span>
                      </>
                    ) : null}
                  </span>
                  <span style={{ textAlign: 'right', flexShrink: 0 }}>
                    {item.overdue ? (
                      <>
                        <span className="badge badge-bad">⚠ {s.overdue}</span>
                        <br />
                      </>
                    ) : null}
                    {item.dueDate ? (
                      <span
                        className={item.overdue ? '' : 'muted'}
                        style={{ fontSize: '0.92rem', color: item.overdue ? 'var(--danger)' : undefined }}
                      >
                        {item.overdue
                          ? s.overdueSince(formatDateId(item.dueDate))
                          : s.due(formatDateId(item.dueDate))}
                      </span>
                    ) : null}
                  </span>
                </a>
              </li>
            ))}
          </ul>
          {items.length > shown.length ? (
            <div className="btn-row" style={{ marginTop: '0.75rem' }}>
              <span className="muted">{s.shownMore(items.length - shown.length)}</span>
              <button type="button" className="btn btn-sm" onClick={() => setAll(true)}>
                {s.showAll}
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
