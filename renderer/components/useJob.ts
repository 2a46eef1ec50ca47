import { useEffect, useState } from 'react';
import type { JobView } from '../../common/api/methods/jobs.ts';
import { call, onEvent } from '../api/bridge.ts';

/**
 * Follows one job's progress events; null until a job id is given and its first state is known.
 * A short job can finish before the screen subscribes, so its state is also asked for once.
 */
export function useJob(jobId: string | null): JobView | null {
  const [view, setView] = useState<JobView | null>(null);
  useEffect(() => {
    setView(null);
    if (!jobId) return;
    let live = true;
    const stop = onEvent('job.progress', (job) => {
      if (job.id === jobId) setView(job);
    });
    void call('jobs.list', {}).then((result) => {
      const current = result.ok ? result.value.find((j) => j.id === jobId) : undefined;
      // An event seen meanwhile is newer, unless this answer says the job has already ended.
      if (live && current) setView((seen) => (current.state !== 'running' ? current : (seen ?? current)));
    });
    return () => {
      live = false;
      stop();
    };
  }, [jobId]);
  // Until the effect above has run for a new id, the state still holds the previous job.
  return view?.id === jobId ? view : null;
}

/** True from the moment a job is started until it ends: buttons that start it again wait. */
export const jobBusy = (jobId: string | null, job: JobView | null): boolean =>
  jobId !== null && (job === null || job.state === 'running');
