import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SyncStatusView } from '../../../common/api/methods/sync.ts';
import type { ConflictView } from '../../../common/sync/protocol.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import { useCall, useCan } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { EmptyState, PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { OfficeKeyCard } from './OfficeKeyCard.tsx';
import { S, describeValue, entityLabel, fieldLabel } from './strings.ts';

/**
 * Sinkronisasi: when this workstation last reached the central server, what is still waiting to
 * be sent, what went wrong in plain words, and the conflicts queue where a person decides.
 */
export function SyncPage() {
  const call = useCall();
  const can = useCan();
  const [status, setStatus] = useState<SyncStatusView | null>(null);
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const [showResolved, setShowResolved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [deciding, setDeciding] = useState<ConflictView | null>(null);

  const reload = useCallback(async () => {
    const [s, c] = await Promise.all([
      call('sync.status', {}),
      call('sync.conflicts', { includeResolved: showResolved }),
    ]);
    if (s.ok) setStatus(s.value);
    else setError(s.error.message);
    if (c.ok) setConflicts(c.value);
  }, [call, showResolved]);

  useEffect(() => {
    void reload();
    const timer = setInterval(() => void reload(), 5000);
    return () => clearInterval(timer);
  }, [reload]);

  const syncNow = async () => {
    setBusy(true);
    setFlash(null);
    setError(null);
    const result = await call('sync.run', {});
    setBusy(false);
    // New alarms make the sync a failure; their text is listed once, under "Peringatan dari server".
    if (!result.ok) setError(result.error.message);
    else if (!result.value.ok) setError(result.value.error ?? S.alarmsRaised);
    else setFlash(S.syncDone(result.value.pushed, result.value.pulled, result.value.conflictsOpen));
    await reload();
  };

  const open = conflicts.filter((c) => c.status === 'open');

  return (
    <>
      <PageHeader
        title={S.title}
        intro={S.intro}
        actions={
          status?.enrolled ? (
            <button
              type="button"
              className="btn btn-primary"
              onClick={syncNow}
              disabled={busy}
              data-testid="sync-now"
            >
              {busy ? S.syncing : S.syncNow}
            </button>
          ) : null
        }
      />
      {flash ? <Notice tone="success">{flash}</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      {status && !status.enrolled ? (
        can('settings.manage') ? (
          <EnrolForm onDone={reload} />
        ) : (
          <EmptyState title={S.notEnrolled}>{S.askAdmin}</EmptyState>
        )
      ) : null}
      {status?.enrolled ? (
        <StatusCards status={status} canConfigure={can('settings.manage')} onSaved={reload} />
      ) : null}
      {status?.enrolled && can('settings.manage') ? <OfficeKeyCard /> : null}
      {status?.enrolled ? (
        <section className="card" aria-labelledby="sync-conflicts">
          <h2 id="sync-conflicts">
            {S.conflictsTitle} ({open.length})
          </h2>
          <p className="muted">{S.conflictsIntro}</p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={showResolved}
              onChange={(e) => setShowResolved(e.target.checked)}
            />{' '}
            {S.showResolved}
          </label>
          {conflicts.length === 0 ? (
            <EmptyState title={S.noConflicts}>{S.noConflictsHint}</EmptyState>
          ) : (
            <div className="table-wrap">
              <table className="data" data-testid="conflicts">
                <thead>
                  <tr>
                    <th>{S.colWhat}</th>
                    <th>{S.colServer}</th>
                    <th>{S.colOther}</th>
                    <th>{S.colWho}</th>
                    <th>{S.colStatus}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {conflicts.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <strong>
                          {entityLabel(c.entity)}: {c.field ? fieldLabel(c.field) : S.wholeRow}
                        </strong>
                        <div className="muted">{c.message}</div>
                      </td>
                      <td>{describeValue(c.serverValue)}</td>
                      <td>{describeValue(c.clientValue)}</td>
                      <td>
                        {c.username ?? S.system}, {c.deviceName}
                        <div className="muted">{formatDateTimeId(c.at)}</div>
                      </td>
                      <td>
                        {c.status === 'open'
                          ? S.open
                          : S.resolvedBy(
                              c.resolvedBy ?? S.system,
                              c.resolvedAt ? formatDateTimeId(c.resolvedAt) : '',
                              c.resolution ?? '',
                            )}
                      </td>
                      <td>
                        {c.status === 'open' && can('sync.resolve') ? (
                          <button type="button" className="btn" onClick={() => setDeciding(c)}>
                            {S.decide}
                          </button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}
      {deciding ? (
        <DecideDialog
          conflict={deciding}
          onClose={() => setDeciding(null)}
          onDone={async (message) => {
            setDeciding(null);
            setFlash(message);
            await reload();
          }}
        />
      ) : null}
    </>
  );
}

function StatusCards({
  status,
  canConfigure,
  onSaved,
}: {
  status: SyncStatusView;
  canConfigure: boolean;
  onSaved: () => Promise<void>;
}) {
  const call = useCall();
  const [minutes, setMinutes] = useState(String(status.intervalMinutes));
  const [message, setMessage] = useState<string | null>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('sync.configure', { intervalMinutes: Number(minutes) });
    setMessage(result.ok ? S.intervalSaved : result.error.message);
    await onSaved();
  };
  return (
    <section className="card" aria-labelledby="sync-status" data-testid="sync-status">
      <h2 id="sync-status">{S.statusTitle}</h2>
      {status.lastError ? (
        <Notice tone="warning" title={S.lastErrorTitle}>
          {status.lastError}
        </Notice>
      ) : null}
      {status.alarms.length ? (
        <Notice tone="error" title={S.alarmsTitle}>
          <ul>
            {status.alarms.slice(0, 5).map((a) => (
              <li key={`${a.at}-${a.kind}`}>
                {formatDateTimeId(a.at)}: {a.message}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <dl className="facts">
        <dt>{S.lastSuccess}</dt>
        <dd data-testid="last-success">
          {status.lastSuccessAt ? formatDateTimeId(status.lastSuccessAt) : S.never}
        </dd>
        <dt>{S.pending}</dt>
        <dd data-testid="pending">{S.pendingCount(status.pending)}</dd>
        <dt>{S.conflictsOpen}</dt>
        <dd>{status.conflictsOpen}</dd>
        <dt>{S.server}</dt>
        <dd>
          {status.serverUrl} ({status.deviceName})
        </dd>
        <dt>{S.area}</dt>
        <dd data-testid="sync-area">{status.area}</dd>
        <dt>{S.next}</dt>
        <dd>
          {status.running ? S.running : status.nextAttemptAt ? formatDateTimeId(status.nextAttemptAt) : '-'}
        </dd>
      </dl>
      {status.leftArea.length ? (
        <Notice tone="info" title={S.leftAreaTitle}>
          <p>{S.leftAreaExplain}</p>
          <ul data-testid="left-area">
            {status.leftArea.map((f) => (
              <li key={`${f.at}-${f.kk ?? ''}`}>
                {formatDateTimeId(f.at)}: {S.leftAreaItem(f.head, f.kk, f.to)}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {canConfigure ? (
        <form onSubmit={save} className="inline-form">
          <TextField
            label={S.interval}
            type="number"
            min={1}
            max={1440}
            value={minutes}
            onChange={(e) => setMinutes(e.target.value)}
          />
          <button type="submit" className="btn">
            {S.save}
          </button>
          {message ? <span className="muted">{message}</span> : null}
        </form>
      ) : null}
    </section>
  );
}

function EnrolForm({ onDone }: { onDone: () => Promise<void> }) {
  const call = useCall();
  const [form, setForm] = useState({ serverUrl: '', code: '', deviceName: '', pin: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const result = await call('sync.enrol', {
      serverUrl: form.serverUrl,
      code: form.code,
      deviceName: form.deviceName,
      ...(form.pin ? { pin: form.pin } : {}),
    });
    setBusy(false);
    if (!result.ok) return setError(result.error.message);
    await onDone();
  };
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  return (
    <section className="card" aria-labelledby="sync-enrol">
      <h2 id="sync-enrol">{S.enrolTitle}</h2>
      <p className="muted">{S.enrolIntro}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <form onSubmit={submit}>
        <TextField
          label={S.serverUrl}
          value={form.serverUrl}
          onChange={set('serverUrl')}
          placeholder="https://server-dinsos:5790"
          required
        />
        <TextField
          label={S.code}
          value={form.code}
          onChange={set('code')}
          placeholder="ABCD-EFGH-JKLM"
          required
        />
        <TextField
          label={S.deviceName}
          value={form.deviceName}
          onChange={set('deviceName')}
          placeholder="Kantor Kecamatan Batu"
          required
        />
        <TextField label={S.pin} hint={S.pinHint} value={form.pin} onChange={set('pin')} />
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? S.enrolling : S.enrol}
        </button>
      </form>
    </section>
  );
}

function DecideDialog({
  conflict,
  onClose,
  onDone,
}: {
  conflict: ConflictView;
  onClose: () => void;
  onDone: (message: string) => Promise<void>;
}) {
  const call = useCall();
  const [custom, setCustom] = useState('');
  const [error, setError] = useState<string | null>(null);
  const canChoose = conflict.field !== null && (conflict.kind === 'field' || conflict.kind === 'natural_key');
  const decide = async (choice: 'server' | 'client' | 'custom') => {
    const result = await call('sync.resolve', {
      conflictId: conflict.id,
      choice,
      ...(choice === 'custom' ? { value: custom } : {}),
    });
    if (!result.ok) return setError(result.error.message);
    await onDone(S.decided);
  };
  return (
    <Dialog title={S.decideTitle} onClose={onClose}>
      <p>{conflict.message}</p>
      {error ? <Notice tone="error">{error}</Notice> : null}
      <dl className="facts">
        <dt>{S.colServer}</dt>
        <dd>{describeValue(conflict.serverValue)}</dd>
        <dt>{S.colOther}</dt>
        <dd>{describeValue(conflict.clientValue)}</dd>
        <dt>{S.base}</dt>
        <dd>{describeValue(conflict.baseValue)}</dd>
      </dl>
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={() => decide('server')}>
          {S.keepServer}
        </button>
        {canChoose ? (
          <button type="button" className="btn btn-primary" onClick={() => decide('client')}>
            {S.takeOther}
          </button>
        ) : null}
      </div>
      {canChoose && conflict.kind === 'field' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void decide('custom');
          }}
        >
          <TextField label={S.newValue} value={custom} onChange={(e) => setCustom(e.target.value)} />
          <button type="submit" className="btn" disabled={!custom}>
            {S.useNewValue}
          </button>
        </form>
      ) : null}
      <div className="dialog-actions">
        <button type="button" className="btn btn-ghost" onClick={onClose}>
          {S.cancel}
        </button>
      </div>
    </Dialog>
  );
}
