import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntryView, AuditVerifyReport } from '../../../common/api/methods/admin.ts';
import { actionLabel, columnLabel } from '../../../common/domain/auditLabels.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { TextField } from '../../components/Field.tsx';
import { JobStatus } from '../../components/JobStatus.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { jobBusy, useJob } from '../../components/useJob.ts';
import { useT } from '../../i18n/i18n.tsx';

function changeSummary(changes: Record<string, unknown>): string {
  return Object.entries(changes)
    .map(([field, value]) => {
      if (value && typeof value === 'object' && 'old' in value && 'new' in value) {
        const { old, new: next } = value as { old: unknown; new: unknown };
        return `${columnLabel(field)}: ${old === null ? '∅' : String(old)} → ${next === null ? '∅' : String(next)}`;
      }
      return `${columnLabel(field)}: ${JSON.stringify(value)}`;
    })
    .join('; ');
}

export function AuditPage() {
  const t = useT();
  const call = useCall();
  const [entries, setEntries] = useState<AuditEntryView[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [filter, setFilter] = useState({ action: '', username: '' });
  const [verifyJob, setVerifyJob] = useState<string | null>(null);
  const job = useJob(verifyJob);
  const report = job?.state === 'done' ? (job.result as AuditVerifyReport) : null;
  const verifying = jobBusy(verifyJob, job);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (from: string | null) => {
      const result = await call('audit.list', {
        limit: 100,
        cursor: from,
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.username ? { username: filter.username } : {}),
      });
      if (!result.ok) return setError(result.error.message);
      setEntries((prev) => (from ? [...prev, ...result.value.entries] : result.value.entries));
      setCursor(result.value.nextCursor);
    },
    [call, filter],
  );

  useEffect(() => {
    void load(null);
    // Filters apply on submit, not on every keystroke.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const verify = async () => {
    setError(null);
    const result = await call('audit.verify', {});
    if (result.ok) setVerifyJob(result.value.jobId);
    else setError(result.error.message);
  };

  return (
    <>
      <PageHeader
        title={t.audit.title}
        intro={t.audit.intro}
        actions={
          <button type="button" className="btn btn-primary" onClick={verify} disabled={verifying}>
            {verifying ? t.audit.verifying : t.audit.verify}
          </button>
        }
      />
      {error ? <Notice tone="error">{error}</Notice> : null}
      <JobStatus job={job} />
      {report ? (
        report.ok ? (
          <Notice tone="success">{t.audit.verifiedOk(report.entries)}</Notice>
        ) : (
          <Notice tone="error" title={t.audit.verifiedBad(report.problems.length)}>
            <ul>
              {report.problems.slice(0, 20).map((p) => (
                <li key={`${p.seq}-${p.kind}`}>{p.message}</li>
              ))}
            </ul>
          </Notice>
        )
      ) : null}
      <form
        className="card form-grid"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          void load(null);
        }}
      >
        <TextField
          label={t.audit.filterAction}
          value={filter.action}
          onChange={(e) => setFilter({ ...filter, action: e.target.value })}
          placeholder="users."
        />
        <TextField
          label={t.audit.filterUser}
          value={filter.username}
          onChange={(e) => setFilter({ ...filter, username: e.target.value })}
        />
        <div className="field" style={{ justifyContent: 'flex-end' }}>
          <button type="submit" className="btn">
            {t.audit.apply}
          </button>
        </div>
      </form>
      {entries.length === 0 ? (
        <EmptyState title={t.audit.empty} />
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>#</th>
                <th>{t.audit.when}</th>
                <th>{t.audit.who}</th>
                <th>{t.audit.action}</th>
                <th>{t.audit.entity}</th>
                <th>{t.audit.changes}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td className="mono">{e.seq}</td>
                  <td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeId(e.at)}</td>
                  <td>{e.username ?? t.audit.system}</td>
                  <td>
                    {actionLabel(e.action) !== e.action ? (
                      <span className="audit-action">{actionLabel(e.action)}</span>
                    ) : null}
                    <code className="muted">{e.action}</code>
                  </td>
                  <td>
                    {e.entity}
                    {e.entityId ? <span className="muted mono"> {e.entityId.slice(0, 13)}</span> : null}
                  </td>
                  <td style={{ maxWidth: 420, wordBreak: 'break-word' }}>{changeSummary(e.changes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor ? (
        <p style={{ marginTop: '1rem' }}>
          <button type="button" className="btn" onClick={() => void load(cursor)}>
            {t.common.loadMore}
          </button>
        </p>
      ) : null}
    </>
  );
}
