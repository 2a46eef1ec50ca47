import { useEffect, useState } from 'react';
import type { DuplicateScanResult, DuplicateView, PersonRow } from '../../../common/api/methods/registry.ts';
import { formatDateId } from '../../../common/format.ts';
import { useCall } from '../../app/session.tsx';
import { JobStatus } from '../../components/JobStatus.tsx';
import { EmptyState } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { jobBusy, useJob } from '../../components/useJob.ts';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { registryStrings } from './strings.ts';

function Side({ person }: { person: PersonRow }) {
  const s = useStrings(registryStrings);
  return (
    <dl className="kv">
      <dt>{s.name}</dt>
      <dd>
        <a href={`#/keluarga/${person.householdId}`}>{person.name}</a>
      </dd>
      <dt>{s.nik}</dt>
      <dd className="mono">{person.nik ?? '—'}</dd>
      <dt>{s.birth}</dt>
      <dd>{person.birthDate ? formatDateId(person.birthDate) : '—'}</dd>
      <dt>{s.kk}</dt>
      <dd className="mono">{person.kkNumber ?? '—'}</dd>
      <dt>{s.desa}</dt>
      <dd>
        {person.desaName} {person.rt ? `RT ${person.rt}/RW ${person.rw ?? '—'}` : ''}
      </dd>
    </dl>
  );
}

/** The review queue: a person decides for each pair; a merge can be undone. */
export function DuplicatesPanel() {
  const s = useStrings(registryStrings);
  const call = useCall();
  const list = useLoad(() => call('duplicates.list', {}), [call]);
  const [message, setMessage] = useState<{
    tone: 'success' | 'error' | 'info';
    text: string;
    undoId?: string;
  } | null>(null);
  const [scanJob, setScanJob] = useState<string | null>(null);
  const job = useJob(scanJob);
  const scanning = jobBusy(scanJob, job);
  const scanned = job?.state === 'done' ? (job.result as DuplicateScanResult) : null;
  const { reload } = list;

  useEffect(() => {
    if (!scanned) return;
    setMessage({ tone: 'info', text: s.scanned(scanned.examined, scanned.found) });
    void reload();
  }, [scanned, s, reload]);

  const scan = async () => {
    setMessage(null);
    const result = await call('duplicates.scan', {});
    if (result.ok) setScanJob(result.value.jobId);
    else setMessage({ tone: 'error', text: result.error.message });
  };

  const decide = async (pair: DuplicateView, decision: 'bukan_duplikat' | 'gabung', keep?: 'a' | 'b') => {
    const result = await call('duplicates.decide', { id: pair.id, decision, ...(keep ? { keep } : {}) });
    if (!result.ok) return setMessage({ tone: 'error', text: result.error.message });
    setMessage({ tone: 'success', text: decision === 'gabung' ? s.merged : s.decided, undoId: pair.id });
    void list.reload();
  };

  const undo = async (id: string) => {
    const result = await call('duplicates.undo', { id });
    setMessage(result.ok ? null : { tone: 'error', text: result.error.message });
    void list.reload();
  };

  return (
    <>
      <div className="section-title">
        <p className="muted" style={{ margin: 0 }}>
          {s.dupIntro}
        </p>
        <button type="button" className="btn btn-primary" onClick={scan} disabled={scanning}>
          {s.scan}
        </button>
      </div>
      <JobStatus job={job} />
      {message ? (
        <Notice tone={message.tone}>
          {message.text}{' '}
          {message.undoId ? (
            <button type="button" className="btn btn-sm" onClick={() => void undo(message.undoId!)}>
              {s.undo}
            </button>
          ) : null}
        </Notice>
      ) : null}
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.value?.length === 0 ? <EmptyState title={s.noDuplicates} /> : null}
      {list.value?.map((pair) => (
        <section key={pair.id} className="card">
          <div className="section-title">
            <h2>
              {s.score}: {pair.score}
            </h2>
          </div>
          <div className="grid-2">
            <Side person={pair.a} />
            <Side person={pair.b} />
          </div>
          <p>
            <strong>{s.reasons}:</strong> {pair.reasons.join('; ')}
          </p>
          <div className="btn-row">
            <button type="button" className="btn" onClick={() => void decide(pair, 'bukan_duplikat')}>
              {s.notDuplicate}
            </button>
            <button type="button" className="btn" onClick={() => void decide(pair, 'gabung', 'a')}>
              {s.keepLeft}
            </button>
            <button type="button" className="btn" onClick={() => void decide(pair, 'gabung', 'b')}>
              {s.keepRight}
            </button>
          </div>
        </section>
      ))}
    </>
  );
}
