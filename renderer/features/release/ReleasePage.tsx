import { useId, useState, type FormEvent } from 'react';
import {
  type ReleaseCategory,
  type ReleaseItemView,
  type ReleaseSummaryView,
} from '../../../common/api/methods/release.ts';
import { formatDateId, formatDateTimeId, localDate } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { navigate, useRoute } from '../../app/router.tsx';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { DateField, SelectField, TextField } from '../../components/Field.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { useStrings } from '../../i18n/i18n.tsx';
import { releaseStrings } from './strings.ts';
import './release.css';

const count = (n: number) => n.toLocaleString('id-ID');

/** #/rilis: import a release and the list of releases; #/rilis/ID: its reconciliation. */
export function ReleasePage() {
  const id = useRoute().split('/')[2];
  return id ? <Reconciliation releaseId={id} /> : <Releases />;
}

function Releases() {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const can = useCan();
  const list = useLoad(() => call('release.list', {}), [call]);
  return (
    <>
      <PageHeader title={s.title} intro={s.intro} />
      {can('import.run') ? <ImportForm /> : null}
      <section className="card">
        <h2 className="section-title">{s.releases}</h2>
        {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
        {list.value && !list.value.length ? <p className="muted">{s.none}</p> : null}
        {list.value?.length ? (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">{s.colDate}</th>
                  <th scope="col">{s.colSource}</th>
                  <th scope="col">{s.colFile}</th>
                  <th scope="col">{s.colRows}</th>
                  <th scope="col">{s.colOpen}</th>
                </tr>
              </thead>
              <tbody>
                {list.value.map((r) => (
                  <tr key={r.id}>
                    <td>
                      <a href={`#/rilis/${r.id}`}>{formatDateId(r.releaseDate)}</a>
                    </td>
                    <td>{r.source}</td>
                    <td>{r.fileName}</td>
                    <td>{count(r.rowCount)}</td>
                    <td>{count(r.open)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </>
  );
}

function ImportForm() {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const [source, setSource] = useState('DTSEN Kemensos');
  const [releaseDate, setReleaseDate] = useState(() => localDate(new Date()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const fields = fieldErrors(error);
  const run = async () => {
    setError(null);
    const chosen = await call('files.chooseOpen', { purpose: 'import' });
    if (!chosen.ok) return setError(chosen.error);
    if (!chosen.value) return;
    setBusy(true);
    const result = await call('release.import', { file: chosen.value.handle, source, releaseDate });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    navigate(`/rilis/${result.value.releaseId}`);
  };
  return (
    <section className="card">
      <h2 className="section-title">{s.importTitle}</h2>
      {error && !fields.source && !fields.releaseDate ? <Notice tone="error">{error.message}</Notice> : null}
      <div className="form-grid">
        <TextField
          label={s.source}
          hint={s.sourceHint}
          value={source}
          maxLength={100}
          error={fields.source}
          onChange={(e) => setSource(e.target.value)}
        />
        <DateField
          label={s.releaseDate}
          hint={s.releaseDateHint}
          value={releaseDate}
          error={fields.releaseDate}
          onChange={(e) => setReleaseDate(e.target.value)}
        />
      </div>
      <div className="btn-row">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void run()}>
          {busy ? s.importing : s.choose}
        </button>
      </div>
    </section>
  );
}

function Reconciliation({ releaseId }: { releaseId: string }) {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const summary = useLoad(() => call('release.summary', { releaseId }), [call, releaseId]);
  const [category, setCategory] = useState<ReleaseCategory>('new');
  return (
    <>
      <p style={{ margin: '0 0 0.5rem' }}>
        <a href="#/rilis">← {s.back}</a>
      </p>
      {summary.error ? <Notice tone="error">{summary.error.message}</Notice> : null}
      {summary.value ? (
        <>
          <PageHeader
            title={s.releaseTitle(
              summary.value.release.source,
              formatDateId(summary.value.release.releaseDate),
            )}
            intro={s.releaseMeta(summary.value.release.fileName, count(summary.value.release.rowCount))}
            actions={<ExportButton summary={summary.value} />}
          />
          <Categories summary={summary.value} chosen={category} onChoose={setCategory} />
          <ItemList
            key={category}
            releaseId={releaseId}
            category={category}
            summary={summary.value}
            onChanged={() => void summary.reload()}
          />
        </>
      ) : summary.loading ? (
        <p className="muted">{s.loading}</p>
      ) : null}
    </>
  );
}

function ExportButton({ summary }: { summary: ReleaseSummaryView }) {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const can = useCan();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!can('export.run')) return null;
  const save = async () => {
    setError(null);
    const chosen = await call('files.chooseSave', {
      purpose: 'export',
      suggestedName: `Rekonsiliasi ${summary.release.source} ${summary.release.releaseDate}.xlsx`,
    });
    if (!chosen.ok) return setError(chosen.error.message);
    if (!chosen.value) return;
    const result = await call('release.export', {
      releaseId: summary.release.id,
      target: chosen.value.handle,
    });
    if (!result.ok) return setError(result.error.message);
    setSaved(chosen.value.name);
  };
  return (
    <div className="release-export">
      <button type="button" className="btn" onClick={() => void save()}>
        {s.exportExcel}
      </button>
      {saved ? (
        <span className="muted">
          {s.exported(saved)} <a href={`/downloads/${encodeURIComponent(saved)}`}>{s.download}</a>
        </span>
      ) : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
    </div>
  );
}

function Categories({
  summary,
  chosen,
  onChoose,
}: {
  summary: ReleaseSummaryView;
  chosen: ReleaseCategory;
  onChoose: (c: ReleaseCategory) => void;
}) {
  const s = useStrings(releaseStrings);
  return (
    <ul className="release-categories">
      {summary.categories.map((c) => (
        <li key={c.category}>
          <button
            type="button"
            className={`release-category${c.category === chosen ? ' is-chosen' : ''}${c.open ? ' has-open' : ''}`}
            aria-pressed={c.category === chosen}
            onClick={() => onChoose(c.category)}
          >
            <span className="release-category-count">{count(c.total)}</span>
            <span className="release-category-title">{s.categoryTitle(c.category)}</span>
            <span className="muted">{s.counts(count(c.open), count(c.accepted), count(c.refused))}</span>
            {c.byDesa.length ? (
              <span className="release-desa muted">
                {[...c.byDesa]
                  .sort((a, b) => b.count - a.count)
                  .slice(0, 3)
                  .map((d) => `${d.desaName} ${count(d.count)}`)
                  .join(' · ')}
                {c.byDesa.length > 3 ? ` · ${s.moreDesa(c.byDesa.length - 3)}` : ''}
              </span>
            ) : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

type Include = 'open' | 'decided' | 'all';

function ItemList({
  releaseId,
  category,
  summary,
  onChanged,
}: {
  releaseId: string;
  category: ReleaseCategory;
  summary: ReleaseSummaryView;
  onChanged: () => void;
}) {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const can = useCan();
  const [desaCode, setDesaCode] = useState<string>('');
  const [include, setInclude] = useState<Include>('open');
  const list = useLoad(
    () => call('release.items', { releaseId, category, include, desaCode: desaCode || null }),
    [call, releaseId, category, include, desaCode],
  );
  const [flash, setFlash] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ id: string; subjectName: string; message: string }[]>([]);
  const [refusing, setRefusing] = useState<ReleaseItemView | null>(null);
  const [busy, setBusy] = useState(false);
  const stats = summary.categories.find((c) => c.category === category)!;
  const writable = can('registry.write');
  const openCount = desaCode ? (list.value?.rows.filter((r) => !r.decision).length ?? 0) : stats.open;

  const [confirmAll, setConfirmAll] = useState(false);
  const accept = async (itemIds: string[] | null) => {
    setConfirmAll(false);
    setBusy(true);
    setFlash(null);
    const result = await call('release.accept', { releaseId, category, itemIds, desaCode: desaCode || null });
    setBusy(false);
    if (!result.ok) return setFailed([{ id: '-', subjectName: '', message: result.error.message }]);
    setFlash(s.accepted(count(result.value.accepted)));
    setFailed(result.value.failed);
    onChanged();
    void list.reload();
  };

  return (
    <section className="card release-list">
      <h2 className="section-title">{s.categoryTitle(category)}</h2>
      <p className="muted">{s.categoryAccept(category)}</p>
      <div className="toolbar">
        <SelectField label={s.desa} value={desaCode} onChange={(e) => setDesaCode(e.target.value)}>
          <option value="">{s.allDesa}</option>
          {stats.byDesa
            .filter((d) => d.desaCode)
            .map((d) => (
              <option key={d.desaCode} value={d.desaCode!}>
                {d.desaName} ({count(d.count)})
              </option>
            ))}
        </SelectField>
        <SelectField label={s.show} value={include} onChange={(e) => setInclude(e.target.value as Include)}>
          <option value="open">{s.showOpen}</option>
          <option value="decided">{s.showDecided}</option>
          <option value="all">{s.showAll}</option>
        </SelectField>
        {writable && openCount > 0 ? (
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => setConfirmAll(true)}
          >
            {s.acceptAll(count(openCount))}
          </button>
        ) : null}
      </div>
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {failed.length ? (
        <Notice tone="warning" title={s.failed(count(failed.length))}>
          <ul>
            {failed.slice(0, 20).map((f) => (
              <li key={f.id}>
                {f.subjectName ? `${f.subjectName}: ` : ''}
                {f.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {list.error ? <Notice tone="error">{list.error.message}</Notice> : null}
      {list.value?.truncated ? (
        <Notice tone="info">{s.truncated(count(list.value.rows.length), count(list.value.total))}</Notice>
      ) : null}
      {list.value && !list.value.rows.length ? <p className="muted">{s.noItems}</p> : null}
      {list.value?.rows.length ? (
        <div className="table-wrap">
          <table className="data release-table">
            <thead>
              <tr>
                <th scope="col">{s.colDesa}</th>
                <th scope="col">{s.colName}</th>
                <th scope="col">{s.colBefore}</th>
                <th scope="col">{s.colAfter}</th>
                <th scope="col">{s.colDecision}</th>
              </tr>
            </thead>
            <tbody>
              {list.value.rows.map((row) => (
                <tr key={row.id}>
                  <td>{row.desaName}</td>
                  <td>
                    {row.householdId ? (
                      <a href={`#/keluarga/${row.householdId}`}>{row.subjectName}</a>
                    ) : (
                      <>
                        {row.subjectName}
                        <div className="muted">{s.noFamily}</div>
                      </>
                    )}
                  </td>
                  <td>{row.before ?? '—'}</td>
                  <td>{row.after ?? '—'}</td>
                  <td>
                    <Decision
                      row={row}
                      writable={writable}
                      busy={busy}
                      onAccept={() => void accept([row.id])}
                      onRefuse={() => setRefusing(row)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {confirmAll ? (
        <Dialog title={s.acceptAllTitle} onClose={() => setConfirmAll(false)}>
          <p>{s.acceptAllConfirm(count(openCount), s.categoryTitle(category))}</p>
          <div className="btn-row">
            <button type="button" className="btn btn-primary" onClick={() => void accept(null)}>
              {s.acceptAll(count(openCount))}
            </button>
            <button type="button" className="btn" onClick={() => setConfirmAll(false)}>
              {s.cancel}
            </button>
          </div>
        </Dialog>
      ) : null}
      {refusing ? (
        <RefuseDialog
          item={refusing}
          onClose={() => setRefusing(null)}
          onDone={() => {
            setRefusing(null);
            setFlash(s.refused);
            onChanged();
            void list.reload();
          }}
        />
      ) : null}
    </section>
  );
}

function Decision({
  row,
  writable,
  busy,
  onAccept,
  onRefuse,
}: {
  row: ReleaseItemView;
  writable: boolean;
  busy: boolean;
  onAccept: () => void;
  onRefuse: () => void;
}) {
  const s = useStrings(releaseStrings);
  if (row.decision)
    return (
      <>
        <span className={`badge ${row.decision === 'diterima' ? 'badge-ok' : 'badge-warn'}`}>
          {row.decision === 'diterima' ? s.decidedAccepted : s.decidedRefused}
        </span>
        {row.reason ? <div>{row.reason}</div> : null}
        <div className="muted">
          {s.decidedBy(row.decidedBy ?? '—', row.decidedAt ? formatDateTimeId(row.decidedAt) : '')}
        </div>
      </>
    );
  if (!writable) return <span className="muted">—</span>;
  return (
    <div className="btn-row">
      <button type="button" className="btn btn-sm" disabled={busy} onClick={onAccept}>
        {s.accept}
      </button>
      <button type="button" className="btn btn-sm" disabled={busy} onClick={onRefuse}>
        {s.refuse}
      </button>
    </div>
  );
}

function RefuseDialog({
  item,
  onClose,
  onDone,
}: {
  item: ReleaseItemView;
  onClose: () => void;
  onDone: () => void;
}) {
  const s = useStrings(releaseStrings);
  const call = useCall();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const reasonError = fieldErrors(error).reason;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('release.refuse', { itemId: item.id, reason });
    setBusy(false);
    if (result.ok) onDone();
    else setError(result.error);
  };
  return (
    <Dialog title={s.refuseTitle} onClose={onClose}>
      <p>
        <strong>{item.subjectName}</strong> ({item.desaName}): {item.before ?? '—'} → {item.after ?? '—'}
      </p>
      {error && !reasonError ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={id}>{s.reason}</label>
          <textarea
            id={id}
            rows={4}
            maxLength={500}
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
            aria-invalid={reasonError ? true : undefined}
            aria-describedby={`${id}-hint${reasonError ? ` ${id}-error` : ''}`}
          />
          <div className="hint" id={`${id}-hint`}>
            {s.reasonHint}
          </div>
          {reasonError ? (
            <div className="error" id={`${id}-error`} role="alert">
              {reasonError}
            </div>
          ) : null}
        </div>
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? s.saving : s.refuseSave}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
