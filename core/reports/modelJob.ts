import type { ReportParams } from '../../common/api/methods/reports.ts';
import type { JobDefinition } from '../jobs/types.ts';
import { RegionNames } from '../regions/names.ts';
import { scopeFromParams, type ScopeParams } from '../registry/scope.ts';
import type { ReportContext } from './common.ts';
import { indicators, type DashboardFilters } from './dashboard.ts';
import { prepareReport } from './reports.ts';
import { readReportSettings } from './settings.ts';

export type ReportTask =
  { kind: 'prepare'; params: ReportParams } | { kind: 'dashboard'; filters: DashboardFilters };

export interface ReportJobParams {
  scope: ScopeParams;
  /** The request's moment, so the document says the same date wherever it was computed. */
  now: string;
  username: string;
  task: ReportTask;
}

/**
 * A report's model, or the Beranda indicators, computed in a job thread: the rekap and the
 * indicators read every enrolment and payment of the city, seconds of work that would otherwise
 * freeze the window. Only reads; freezing and auditing happen back on the main thread.
 */
export const reportModelJob: JobDefinition<ReportJobParams, unknown> = {
  run(params, ctx) {
    const sql = ctx.db.sql;
    const report: ReportContext = {
      sql,
      regions: new RegionNames(sql),
      scope: scopeFromParams(params.scope),
      now: new Date(params.now),
      username: params.username,
      settings: readReportSettings(sql),
    };
    const { task } = params;
    return task.kind === 'prepare' ? prepareReport(report, task.params) : indicators(report, task.filters);
  },
};
