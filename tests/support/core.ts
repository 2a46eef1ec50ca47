import { join } from 'node:path';
import { expect } from 'vitest';
import type { Input, MethodName, Output } from '../../common/api/contract.ts';
import type { Role } from '../../common/auth/roles.ts';
import { BansosCore, type CoreOptions } from '../../core/app.ts';
import type { HostAdapters } from '../../core/ports.ts';
import { tempDir } from './tempDir.ts';

export const ADMIN = {
  username: 'admin',
  fullName: 'Admin Dinsos',
  password: 'kopi pagi di alun-alun batu 7',
  officeName: 'Dinas Sosial Kota Batu',
};
export const PASSWORDS: Record<Role, string> = {
  admin: ADMIN.password,
  manager: 'apel malang di kebun bumiaji',
  officer: 'sepeda motor menuju desa punten',
  clerk: 'teh hangat sore di songgokerto',
  auditor: 'buku catatan biru di meja arsip',
};

/** Dialogs that "choose" files inside a folder, as the web host does. */
export function folderDialogs(folder: string): HostAdapters {
  return {
    chooseSaveFile: async (request) => join(folder, request.suggestedName),
    chooseOpenFile: async (request) => join(folder, request.suggestedName),
  };
}

export class Client {
  token: string | null = null;
  constructor(readonly core: BansosCore) {}

  async call<M extends MethodName>(method: M, input: Input<M>) {
    const outcome = await this.core.dispatch(method, input, this.token);
    if (outcome.sessionChange?.kind === 'set') this.token = outcome.sessionChange.token;
    if (outcome.sessionChange?.kind === 'clear') this.token = null;
    return outcome.result as
      | { ok: true; value: Output<M> }
      | { ok: false; error: { code: string; message: string; fields?: { path: string; message: string }[] } };
  }

  /** Calls and insists on success. */
  async ok<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const result = await this.call(method, input);
    if (!result.ok) expect.fail(`${method} failed: ${result.error.code} ${result.error.message}`);
    return result.value;
  }

  /** Starts a job method, waits for the job and insists it finished; answers its result. */
  async job<R>(method: JobMethod, input: Input<JobMethod>): Promise<R> {
    const { jobId } = (await this.ok(method, input as never)) as { jobId: string };
    const view = await this.core.jobs.wait(jobId);
    if (view.state !== 'done') expect.fail(`${method} job ${view.state}: ${view.error?.message ?? ''}`);
    return view.result as R;
  }
}

/** Methods that answer a job id. */
type JobMethod = {
  [M in MethodName]: Output<M> extends { jobId: string } ? M : never;
}[MethodName];

/** A core on a fresh data folder, set up with an admin who is logged in. */
export async function setUpCore(options: Partial<CoreOptions> = {}) {
  const dataDir = options.dataDir ?? join(tempDir(), 'data');
  const files = tempDir('bansos-files-');
  const core = new BansosCore({
    dataDir,
    host: folderDialogs(files),
    kdfCost: 'test',
    checkOutputs: true,
    // Threads start when a test's first job asks for them; a test may ask for them warm.
    threads: 'on-demand',
    ...options,
  });
  const admin = new Client(core);
  const setup = await admin.ok('setup.init', ADMIN);
  return { core, admin, dataDir, files, recoveryCode: setup.recoveryCode };
}

/** Creates a user with a role and logs them in (temporary password already changed). */
export async function userWithRole(core: BansosCore, admin: Client, role: Role) {
  const { client } = await userInArea(core, admin, role, {
    username: `${role}1`,
    fullName: `Pengguna ${role}`,
    area: { kecamatan: [], desa: [] },
  });
  return client;
}

/**
 * A user of `role` for an area (kecamatan and desa codes; both empty: the whole city), created
 * by the admin and logged in with a password of their own, as userWithRole's; with their id.
 */
export async function userInArea(
  core: BansosCore,
  admin: Client,
  role: Role,
  user: { username: string; fullName?: string; area: { kecamatan: string[]; desa: string[] } },
) {
  const temporary = `sementara ${PASSWORDS[role]}`;
  const created = await admin.ok('users.create', {
    username: user.username,
    fullName: user.fullName ?? `Petugas ${user.username}`,
    role,
    area: user.area,
    temporaryPassword: temporary,
  });
  const client = new Client(core);
  await client.ok('auth.login', { username: user.username, password: temporary });
  await client.ok('auth.changePassword', { currentPassword: temporary, newPassword: PASSWORDS[role] });
  return { client, id: created.id };
}
