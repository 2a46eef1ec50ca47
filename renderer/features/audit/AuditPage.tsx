import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { AuditEntryView, AuditVerifyReport } from '../../../common/api/methods/admin.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { SelectField, TextField } from '../../components/Field.tsx';
import { JobStatus } from '../../components/JobStatus.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { jobBusy, useJob } from '../../components/useJob.ts';
import { useStrings, useT } from '../../i18n/i18n.tsx';
import { useReference, type Reference } from '../registry/useReference.ts';
import { ACTION_GROUPS, readEntry, type AuditWords } from './sentences.ts';
import { auditStrings } from './strings.ts';

/** Names for what entries store as identifiers; an unknown one stays unnamed rather than coded. */
function wordsFrom(reference: Reference | null): AuditWords {
  return {
    programName: (id) => reference?.programs.find((p) => p.id === id)?.name ?? null,
    desaName: (code) => reference?.regions.find((r) => r.code === code)?.name ?? null,
    refLabel: (kind, code) => {
      const label = reference?.label(kind, code);
      return label && label !== code ? label : null;
    },
  };
}

/** At most this many sentences per entry: a family registered in one go names every field. */
const SHOWN_DETAILS = 8;

export function AuditPage() {
  const t = useT();
  const a = useStrings(auditStrings);
  const call = useCall();
  const words = wordsFrom(useReference());
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
        <SelectField
          label={a.filterAction}
          value={filter.action}
          onChange={(e) => setFilter({ ...filter, action: e.target.value })}
        >
          <option value="">{a.allActions}</option>
          {ACTION_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.actions.map((action) => (
                <option key={action.code} value={action.code}>
                  {action.label}
                </option>
              ))}
            </optgroup>
          ))}
        </SelectField>
        <TextField
          label={a.filterUser}
          hint={a.filterUserHint}
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
                <th>{a.number}</th>
                <th>{a.when}</th>
                <th>{t.audit.who}</th>
                <th>{a.what}</th>
                <th>{a.details}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => {
                const reading = readEntry(e, words);
                const hidden = reading.details.length - SHOWN_DETAILS;
                return (
                  <tr key={e.seq}>
                    <td className="mono">{e.seq}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatDateTimeId(e.at)}</td>
                    <td>{e.username ?? t.audit.system}</td>
                    <td>
                      <span className="audit-action">{reading.action}</span>
                      <div className="muted">
                        {reading.link ? (
                          <a href={reading.link.href}>{a.on(reading.subject)}</a>
                        ) : (
                          a.on(reading.subject)
                        )}
                      </div>
                    </td>
                    <td style={{ maxWidth: 520, wordBreak: 'break-word' }}>
                      {reading.details.length ? (
                        <ul className="audit-details" style={{ margin: 0, paddingLeft: '1.1rem' }}>
                          {reading.details.slice(0, SHOWN_DETAILS).map((line, i) => (
                            <li key={i}>{line}</li>
                          ))}
                          {hidden > 0 ? <li className="muted">{a.moreDetails(hidden)}</li> : null}
                        </ul>
                      ) : (
                        <span className="muted">{a.noDetails}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
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
