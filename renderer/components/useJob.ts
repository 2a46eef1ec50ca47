import { useEffect, useState } from 'react';
import type { JobView } from '../../common/api/methods/jobs.ts';
import { onEvent } from '../api/bridge.ts';

/** Follows one job's progress events; null until a job id is given. */
export function useJob(jobId: string | null): JobView | null {
  const [view, setView] = useState<JobView | null>(null);
  useEffect(() => {
    setView(null);
    if (!jobId) return;
    return onEvent('job.progress', (job) => {
      if (job.id === jobId) setView(job);
    });
  }, [jobId]);
  return view;
}
