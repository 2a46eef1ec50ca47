import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { RegionView } from '../../../common/api/methods/admin.ts';
import type { UserView } from '../../../common/api/methods/auth.ts';
import { ROLES, type AreaScope, type Role } from '../../../common/auth/roles.ts';
import { formatDateTimeId } from '../../../common/format.ts';
import type { AppError } from '../../../common/result.ts';
import { fieldErrors } from '../../api/bridge.ts';
import { useCall } from '../../app/session.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { PasswordField, SelectField, TextField } from '../../components/Field.tsx';
import { PageHeader } from '../../components/Layout.tsx';
import { Notice } from '../../components/Notice.tsx';
import { PasswordHelp } from '../../components/PasswordHelp.tsx';
import { useT } from '../../i18n/i18n.tsx';
import type { Dictionary } from '../../i18n/id.ts';

type Editing =
  | { kind: 'create' }
  | { kind: 'edit'; user: UserView }
  | { kind: 'reset'; user: UserView }
  | { kind: 'disable'; user: UserView };

const roleLabel = (t: Dictionary, role: Role) => t.roles[role];
const roleHint = (t: Dictionary, role: Role) => t.roles[`${role}Hint`];

function areaText(t: Dictionary, area: AreaScope, regions: RegionView[]): string {
  const codes = [...area.kecamatan, ...area.desa];
  if (!codes.length) return t.common.wholeCity;
  return codes.map((c) => regions.find((r) => r.code === c)?.name ?? c).join(', ');
}

export function UsersPage() {
  const t = useT();
  const call = useCall();
  const [users, setUsers] = useState<UserView[]>([]);
  const [regions, setRegions] = useState<RegionView[]>([]);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const [u, r] = await Promise.all([call('users.list', {}), call('regions.list', {})]);
    if (u.ok) setUsers(u.value);
    else setError(u.error.message);
    if (r.ok) setRegions(r.value);
  }, [call]);

  useEffect(() => {
    void load();
  }, [load]);

  const finish = (text: string) => {
    setEditing(null);
    setMessage(text);
    setError(null);
    void load();
  };

  const enable = async (user: UserView) => {
    const result = await call('users.setActive', { id: user.id, active: true });
    if (!result.ok) return setError(result.error.message);
    setEditing({ kind: 'reset', user: result.value });
    void load();
  };

  return (
    <>
      <PageHeader
        title={t.users.title}
        intro={t.users.intro}
        actions={
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ kind: 'create' })}>
            {t.users.add}
          </button>
        }
      />
      {message ? <Notice tone="success">{message}</Notice> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>{t.users.username}</th>
              <th>{t.users.fullName}</th>
              <th>{t.users.role}</th>
              <th>{t.users.area}</th>
              <th>{t.users.status}</th>
              <th>{t.users.lastLogin}</th>
              <th>{t.users.actions}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td className="mono">{user.username}</td>
                <td>{user.fullName}</td>
                <td>{roleLabel(t, user.role)}</td>
                <td>{areaText(t, user.area, regions)}</td>
                <td>
                  <span className={`badge ${user.active ? 'badge-ok' : 'badge-bad'}`}>
                    {user.active ? t.common.active : t.common.inactive}
                  </span>{' '}
                  {user.accountLocked ? (
                    <span className="badge badge-bad">{t.users.accountLocked}</span>
                  ) : null}
                  {user.active && user.mustChangePassword ? (
                    <span className="badge badge-warn">{t.users.mustChange}</span>
                  ) : null}
                </td>
                <td>{user.lastLoginAt ? formatDateTimeId(user.lastLoginAt) : t.users.never}</td>
                <td>
                  <div className="btn-row">
                    <button
                      type="button"
                      className="btn btn-sm"
                      onClick={() => setEditing({ kind: 'edit', user })}
                    >
                      {t.users.edit}
                    </button>
                    {user.active ? (
                      <>
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setEditing({ kind: 'reset', user })}
                        >
                          {t.users.resetPassword}
                        </button>
                        <button
                          type="button"
                          className="btn btn-sm"
                          onClick={() => setEditing({ kind: 'disable', user })}
                        >
                          {t.users.disable}
                        </button>
                      </>
                    ) : (
                      <button type="button" className="btn btn-sm" onClick={() => void enable(user)}>
                        {t.users.enable}
                      </button>
                    )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing?.kind === 'create' || editing?.kind === 'edit' ? (
        <UserDialog
          user={editing.kind === 'edit' ? editing.user : null}
          regions={regions}
          onClose={() => setEditing(null)}
          onSaved={(u) =>
            finish(
              editing.kind === 'create'
                ? t.users.created(u.username)
                : t.common.savedAt(formatDateTimeId(new Date().toISOString())),
            )
          }
        />
      ) : null}
      {editing?.kind === 'reset' ? (
        <ResetDialog
          user={editing.user}
          onClose={() => setEditing(null)}
          onDone={(u) => finish(t.users.resetDone(u.username))}
        />
      ) : null}
      {editing?.kind === 'disable' ? (
        <Dialog title={t.users.disable} onClose={() => setEditing(null)}>
          <p>{t.users.confirmDisable(editing.user.fullName)}</p>
          <Notice tone="info">{t.users.rotateAdvice}</Notice>
          <div className="btn-row">
            <button
              type="button"
              className="btn btn-danger"
              onClick={async () => {
                const result = await call('users.setActive', { id: editing.user.id, active: false });
                if (result.ok) finish(`${editing.user.username}: ${t.common.inactive}`);
                else setError(result.error.message);
              }}
            >
              {t.users.disable}
            </button>
            <button type="button" className="btn" onClick={() => setEditing(null)}>
              {t.common.cancel}
            </button>
          </div>
        </Dialog>
      ) : null}
    </>
  );
}

function UserDialog({
  user,
  regions,
  onClose,
  onSaved,
}: {
  user: UserView | null;
  regions: RegionView[];
  onClose: () => void;
  onSaved: (u: UserView) => void;
}) {
  const t = useT();
  const call = useCall();
  const [form, setForm] = useState({
    username: user?.username ?? '',
    fullName: user?.fullName ?? '',
    role: (user?.role ?? 'clerk') as Role,
    kecamatan: user?.area.kecamatan ?? [],
    desa: user?.area.desa ?? [],
    temporaryPassword: '',
  });
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const errors = fieldErrors(error);
  const kecamatan = regions.filter((r) => r.level === 'kecamatan');
  const desa = regions.filter((r) => r.level === 'desa' || r.level === 'kelurahan');
  const selected = (e: { target: HTMLSelectElement }) => [...e.target.selectedOptions].map((o) => o.value);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const area = { kecamatan: form.kecamatan, desa: form.desa };
    const result = user
      ? await call('users.update', { id: user.id, fullName: form.fullName, role: form.role, area })
      : await call('users.create', {
          username: form.username,
          fullName: form.fullName,
          role: form.role,
          area,
          temporaryPassword: form.temporaryPassword,
        });
    setBusy(false);
    if (result.ok) onSaved(result.value);
    else setError(result.error);
  };

  return (
    <Dialog title={user ? `${t.users.edit}: ${user.username}` : t.users.add} onClose={onClose}>
      {error && !error.fields?.length ? <Notice tone="error">{error.message}</Notice> : null}
      <form onSubmit={submit} noValidate>
        {user ? null : (
          <TextField
            label={t.users.username}
            hint={t.setup.usernameHint}
            value={form.username}
            onChange={(e) => setForm({ ...form, username: e.target.value })}
            error={errors.username}
            autoCapitalize="none"
            spellCheck={false}
          />
        )}
        <TextField
          label={t.users.fullName}
          value={form.fullName}
          onChange={(e) => setForm({ ...form, fullName: e.target.value })}
          error={errors.fullName}
        />
        <SelectField
          label={t.users.role}
          hint={roleHint(t, form.role)}
          value={form.role}
          onChange={(e) => setForm({ ...form, role: e.target.value as Role })}
          error={errors.role}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabel(t, r)}
            </option>
          ))}
        </SelectField>
        <div className="form-grid">
          <SelectField
            label={t.users.kecamatan}
            hint={t.users.areaHint}
            multiple
            size={4}
            value={form.kecamatan}
            onChange={(e) => setForm({ ...form, kecamatan: selected(e) })}
          >
            {kecamatan.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t.users.desa}
            multiple
            size={6}
            value={form.desa}
            onChange={(e) => setForm({ ...form, desa: selected(e) })}
          >
            {desa.map((r) => (
              <option key={r.code} value={r.code}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
        {user ? null : (
          <PasswordField
            label={t.users.temporaryPassword}
            hint={
              <>
                {t.users.temporaryHint}{' '}
                <PasswordHelp
                  value={form.temporaryPassword}
                  onUse={(p) => setForm((f) => ({ ...f, temporaryPassword: p }))}
                />
              </>
            }
            value={form.temporaryPassword}
            onChange={(e) => setForm({ ...form, temporaryPassword: e.target.value })}
            error={errors.temporaryPassword}
          />
        )}
        <div className="btn-row">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {user ? t.users.saveChanges : t.users.create}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function ResetDialog({
  user,
  onClose,
  onDone,
}: {
  user: UserView;
  onClose: () => void;
  onDone: (u: UserView) => void;
}) {
  const t = useT();
  const call = useCall();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<AppError | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await call('users.resetPassword', { id: user.id, temporaryPassword: password });
    if (result.ok) onDone(result.value);
    else setError(result.error);
  };
  return (
    <Dialog title={`${t.users.resetPassword}: ${user.username}`} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <PasswordField
          label={t.users.temporaryPassword}
          hint={
            <>
              {t.users.temporaryHint} <PasswordHelp value={password} onUse={setPassword} />
            </>
          }
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error?.message}
        />
        <div className="btn-row">
          <button type="submit" className="btn btn-primary">
            {t.users.resetPassword}
          </button>
          <button type="button" className="btn" onClick={onClose}>
            {t.common.cancel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
