import type { JobView } from '../../common/api/methods/jobs.ts';
import { call } from '../api/bridge.ts';
import { useT } from '../i18n/i18n.tsx';
import { ProgressBar } from './Layout.tsx';
import { Notice } from './Notice.tsx';

/** A running job's progress and its cancel button, or why it failed; nothing once it is done. */
export function JobStatus({ job }: { job: JobView | null }) {
  const t = useT();
  if (!job) return null;
  if (job.state === 'running')
    return (
      <div className="job-status">
        <ProgressBar fraction={job.fraction} label={job.phase} />
        <button type="button" className="btn" onClick={() => void call('jobs.cancel', { jobId: job.id })}>
          {t.jobs.cancel}
        </button>
      </div>
    );
  if (job.state === 'done') return null;
  return <Notice tone="error">{job.error?.message ?? t.jobs.failed}</Notice>;
}
