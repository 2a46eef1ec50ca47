import { useState } from 'react';
import type { DashboardView, DrillKind } from '../../../common/api/methods/reports.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField } from '../../components/Field.tsx';
import { MonthField, monthsAgoWib } from '../../components/MonthField.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import {
  axisMonth,
  ColumnChart,
  count,
  HBarChart,
  Legend,
  percent,
  roundPercent,
  shortMonth,
  StackChart,
} from './charts.tsx';
import { SignalsCard } from '../signals/SignalsCard.tsx';
import { dashboardStrings } from './strings.ts';
import './dashboard.css';

interface Filters {
  from: string;
  to: string;
  programCode: string;
  kecamatanCode: string;
}

// Filters survive a visit to a list and back (within this window).
let remembered: Filters | null = null;

/** Beranda: indicators of whether the programmes reach the right people (dashboard.indicators). */
export function Dashboard() {
  const s = useStrings(dashboardStrings);
  const call = useCall();
  const [filters, setFiltersState] = useState<Filters>(
    () => remembered ?? { from: monthsAgoWib(11), to: monthsAgoWib(0), programCode: '', kecamatanCode: '' },
  );
  const setFilters = (next: Filters) => {
    remembered = next;
    setFiltersState(next);
  };
  const [drill, setDrill] = useState<{ kind: DrillKind; key: string } | null>(null);
  const programs = useLoad(() => call('reference.programs', {}), [call]);
  const regions = useLoad(() => call('regions.list', {}), [call]);
  const input = () => ({
    from: filters.from,
    to: filters.to,
    ...(filters.programCode ? { programCode: filters.programCode } : {}),
    ...(filters.kecamatanCode ? { kecamatanCode: filters.kecamatanCode } : {}),
  });
  const data = useLoad(() => call('dashboard.indicators', input()), [call, filters]);
  const set = (key: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters({ ...filters, [key]: e.target.value });
  const open = (kind: DrillKind, key = '') => setDrill({ kind, key });

  return (
    <section aria-labelledby="dashboard-title" className="dashboard">
      <div className="section-title">
        <div>
          <h2 id="dashboard-title">{s.title}</h2>
          <p className="muted" style={{ margin: 0 }}>
            {s.intro}
          </p>
        </div>
      </div>
      <div className="toolbar">
        <MonthField label={s.from} value={filters.from} onChange={set('from')} max={filters.to} required />
        <MonthField label={s.to} value={filters.to} onChange={set('to')} min={filters.from} required />
        <SelectField label={s.program} value={filters.programCode} onChange={set('programCode')}>
          <option value="">{s.allCash}</option>
          {(programs.value ?? []).map((p) => (
            <option key={p.id} value={p.code}>
              {p.code} · {p.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={s.kecamatan} value={filters.kecamatanCode} onChange={set('kecamatanCode')}>
          <option value="">{s.allKecamatan}</option>
          {(regions.value ?? [])
            .filter((r) => r.level === 'kecamatan')
            .map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
        </SelectField>
      </div>
      {data.error ? <Notice tone="error">{data.error.message}</Notice> : null}
      {!data.value && data.loading ? <p className="muted">{s.loading}</p> : null}
      {data.value ? <Indicators data={data.value} open={open} busy={data.loading} /> : null}
      {drill ? <DrillDialog filters={input()} drill={drill} onClose={() => setDrill(null)} /> : null}
    </section>
  );
}

function Tile({
  label,
  value,
  detail,
  onOpen,
  tone,
}: {
  label: string;
  value: string;
  detail: string;
  onOpen?: () => void;
  tone?: 'good' | 'warn' | 'bad' | undefined;
}) {
  const body = (
    <>
      <span className="tile-label">{label}</span>
      <span className={`tile-value ${tone ?? ''}`}>{value}</span>
      <span className="tile-detail">{detail}</span>
    </>
  );
  return onOpen ? (
    <button type="button" className="tile" onClick={onOpen}>
      {body}
    </button>
  ) : (
    <div className="tile">{body}</div>
  );
}

const tone = (v: number | null) => (v === null ? undefined : v >= 0.8 ? 'good' : v >= 0.5 ? 'warn' : 'bad');

function Indicators({
  data,
  open,
  busy,
}: {
  data: DashboardView;
  open: (kind: DrillKind, key?: string) => void;
  busy: boolean;
}) {
  const s = useStrings(dashboardStrings);
  const h = data.headline;
  const items = data.monthly.reduce((n, m) => n + m.items, 0);
  const paid = data.monthly.reduce((n, m) => n + m.paid, 0);
  const channelTotal = data.channels.reduce((n, c) => n + c.paid, 0);
  return (
    <div className={busy ? 'dashboard-body is-busy' : 'dashboard-body'} aria-busy={busy}>
      <div className="tiles">
        <Tile
          label={s.coverage}
          value={percent(h.coverage)}
          tone={tone(h.coverage)}
          detail={s.coverageDetail(count(h.poorCovered), count(h.poorHouseholds))}
          onOpen={() => open('coverage.uncovered')}
        />
        <Tile
          label={s.success}
          value={percent(h.successRate)}
          tone={tone(h.successRate)}
          detail={s.successDetail(count(paid), count(items))}
          onOpen={() => open('monthly.unpaid')}
        />
        <Tile
          label={s.onTime}
          value={percent(h.onTimeRate)}
          tone={tone(h.onTimeRate)}
          detail={s.onTimeDetail(
            count(data.onTime.paidOnTime),
            count(data.onTime.recipients),
            data.onTime.periodsWithoutDueDate,
          )}
        />
        <Tile
          label={s.nonCash}
          value={percent(h.nonCashShare)}
          detail={s.nonCashDetail}
          onOpen={() => open('channel', 'bank_kks')}
        />
        <Tile
          label={s.casesOpen}
          value={count(data.cases.open)}
          tone={data.cases.overdue > 0 ? 'bad' : undefined}
          detail={s.casesOverdue(count(data.cases.overdue))}
          onOpen={() => open(data.cases.overdue > 0 ? 'cases.overdue' : 'cases.open')}
        />
        <Tile
          label={s.complaintsDays}
          value={
            data.complaints.averageDays === null
              ? s.notAvailable
              : s.days(data.complaints.averageDays.toLocaleString('id-ID'))
          }
          detail={s.complaintsDetail(count(data.complaints.received), count(data.complaints.open))}
          onOpen={() => open('complaints.open')}
        />
        <Tile
          label={s.duplicatesOpen}
          value={count(data.duplicates.open)}
          tone={data.duplicates.open > 0 ? 'warn' : undefined}
          detail={s.duplicatesDetail(
            count(data.duplicates.foundInRange),
            count(data.duplicates.resolvedInRange),
          )}
          onOpen={() => open('duplicates.open')}
        />
      </div>
      <SignalsCard />

      <div className="chart-grid-2">
        <figure className="card chart-card">
          <figcaption>
            <h3>{s.chartMonthly}</h3>
            <p className="muted">{s.chartMonthlyHint}</p>
          </figcaption>
          {items ? (
            <ColumnChart
              title={s.chartMonthly}
              fractions
              series={['rate']}
              columns={data.monthly.map((m) => ({
                key: m.period,
                label: axisMonth(m.period),
                values: m.items ? [m.paid / m.items] : [],
                top: m.items ? roundPercent(m.paid / m.items) : '',
                tooltip: `${shortMonth(m.period)}: ${count(m.paid)} dari ${count(m.items)} tersalurkan (${m.items ? percent(m.paid / m.items) : '—'})`,
              }))}
              onSelect={(key) => open('monthly.unpaid', key)}
            />
          ) : (
            <p className="muted">{s.noData}</p>
          )}
        </figure>
        <figure className="card chart-card">
          <figcaption>
            <h3>{s.chartComplaints}</h3>
            <p className="muted">{s.chartComplaintsHint}</p>
          </figcaption>
          <ColumnChart
            title={s.chartComplaints}
            fractions={false}
            series={[s.received, s.resolved]}
            columns={data.complaints.monthly.map((m) => ({
              key: m.period,
              label: axisMonth(m.period),
              values: [m.received, m.resolved],
              top: m.averageDays === null ? '' : m.averageDays.toLocaleString('id-ID'),
              tooltip: `${shortMonth(m.period)}: ${m.received} diterima, ${m.resolved} selesai`,
            }))}
            onSelect={() => open('complaints.open')}
          />
          <Legend
            items={[
              { label: s.received, className: 'chart-bar s0' },
              { label: s.resolved, className: 'chart-bar s1' },
            ]}
          />
        </figure>
      </div>

      <figure className="card chart-card">
        <figcaption>
          <h3>{s.chartCoverage}</h3>
          <p className="muted">{s.chartCoverageHint}</p>
        </figcaption>
        <HBarChart
          title={s.chartCoverage}
          bars={data.coverage.map((c) => ({
            key: c.desaCode,
            label: c.desaName,
            group: `Kecamatan ${c.kecamatanName}`,
            value: c.poor ? c.poorCovered / c.poor : null,
            right: `${s.uncovered(count(c.poor - c.poorCovered))} · ${s.notPoor(count(c.recipientsNotPoor))}`,
            tooltip: `${c.desaName}: ${count(c.poorCovered)} dari ${count(c.poor)} keluarga desil 1-4 menerima; ${count(c.recipientsNotPoor)} penerima di luar desil 1-4`,
          }))}
          onSelect={(key) => open('coverage.uncovered', key)}
        />
      </figure>

      <div className="chart-grid-2">
        <figure className="card chart-card">
          <figcaption>
            <h3>{s.chartDesil}</h3>
            <p className="muted">{s.chartDesilHint}</p>
          </figcaption>
          {data.byProgramDesil.length ? (
            <>
              <StackChart
                title={s.chartDesil}
                stacks={data.byProgramDesil.map((p) => ({
                  key: p.programCode,
                  label: p.programCode,
                  total: count(p.total),
                  segments: p.desil.map((n, i) => ({
                    key: `${p.programCode}:${i === 10 ? 0 : i + 1}`,
                    value: n,
                    tooltip: `${p.programCode} ${i === 10 ? s.noDesil : s.desil(i + 1)}: ${count(n)} keluarga`,
                  })),
                }))}
                onSelect={(key) => open('desil', key)}
              />
              <Legend
                items={[
                  ...Array.from({ length: 10 }, (_, i) => ({
                    label: String(i + 1),
                    className: `chart-seg d${i}`,
                  })),
                  { label: s.noDesil, className: 'chart-seg d10' },
                ]}
              />
            </>
          ) : (
            <p className="muted">{s.noData}</p>
          )}
        </figure>
        <figure className="card chart-card">
          <figcaption>
            <h3>{s.chartChannels}</h3>
            <p className="muted">{s.nonCashDetail}</p>
          </figcaption>
          {channelTotal ? (
            <>
              <StackChart
                title={s.chartChannels}
                stacks={[
                  {
                    key: 'all',
                    label: count(channelTotal),
                    total: '',
                    segments: data.channels.map((c) => ({
                      key: c.channel,
                      value: c.paid,
                      tooltip: `${c.label}: ${count(c.paid)} (${percent(c.paid / channelTotal)})`,
                    })),
                  },
                ]}
                onSelect={(key) => open('channel', key)}
                palette="c"
              />
              <ul className="chart-legend">
                {data.channels.map((c, i) => (
                  <li key={c.channel}>
                    <svg width="14" height="14" aria-hidden="true">
                      <rect width="14" height="14" className={`chart-seg c${i}`} />
                    </svg>
                    {c.label}: {percent(c.paid / channelTotal)}
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="muted">{s.noData}</p>
          )}
        </figure>
      </div>
    </div>
  );
}

function DrillDialog({
  filters,
  drill,
  onClose,
}: {
  filters: { from: string; to: string; programCode?: string; kecamatanCode?: string };
  drill: { kind: DrillKind; key: string };
  onClose: () => void;
}) {
  const s = useStrings(dashboardStrings);
  const call = useCall();
  const list = useLoad(
    () => call('dashboard.drill', { ...filters, kind: drill.kind, key: drill.key }),
    [call],
  );
  return (
    <Dialog title={list.value?.title ?? s.loading} onClose={onClose}>
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.value ? (
        <>
          <p className="muted">{s.drillTotal(count(list.value.rows.length), count(list.value.total))}</p>
          {list.value.rows.length ? (
            <ul className="drill-list">
              {list.value.rows.map((r, i) => (
                <li key={`${r.href}-${i}`}>
                  <a href={r.href} onClick={onClose}>
                    <strong>{r.label}</strong>
                    <span className="muted">{r.detail}</span>
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{s.drillEmpty}</p>
          )}
        </>
      ) : null}
      <div className="btn-row" style={{ marginTop: '1rem' }}>
        <button type="button" className="btn" onClick={onClose}>
          {s.close}
        </button>
      </div>
    </Dialog>
  );
}
