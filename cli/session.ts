import { resolve } from 'node:path';
import type { Input, MethodName, Output } from '../common/api/contract.ts';
import { AppFailure } from '../common/errors.ts';
import type { ErrorCode } from '../common/result.ts';
import { BansosCore } from '../core/app.ts';
import type { ThreadKind } from '../core/jobs/runner.ts';
import type { HostAdapters } from '../core/ports.ts';
import { required } from './args.ts';
import { secret } from './prompt.ts';

/**
 * The CLI is a host like the others: it builds a core on the data folder and calls `dispatch`,
 * so every command passes the same validation, permission checks and audit as the app.
 * Its "dialogs" are the command line: the file the user named with --out or as an argument.
 */
export class CliSession {
  private token: string | null = null;

  constructor(readonly core: BansosCore) {}

  /**
   * A command that runs a job names the threads it will use: they start at once and load while
   * the password's key is derived (a second of scrypt), so neither waits for the other. Other
   * commands start none.
   */
  static create(
    dataDir: string | undefined,
    files: { save?: string; open?: string } = {},
    threads: readonly ThreadKind[] = [],
  ): CliSession {
    const host: HostAdapters = {
      chooseSaveFile: async () => (files.save ? resolve(files.save) : null),
      chooseOpenFile: async () => (files.open ? resolve(files.open) : null),
    };
    const dir = resolve(required(dataDir, 'data'));
    const core = new BansosCore({ dataDir: dir, host, threads: 'on-demand' });
    if (threads.length) core.jobs.warm(threads);
    return new CliSession(core);
  }

  async call<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
    const outcome = await this.core.dispatch(method, input, this.token);
    if (outcome.sessionChange)
      this.token = outcome.sessionChange.kind === 'set' ? outcome.sessionChange.token : null;
    if (!outcome.result.ok) {
      const { error } = outcome.result;
      const detail = error.fields?.length
        ? `\n${error.fields.map((f) => `  - ${f.path || 'isian'}: ${f.message}`).join('\n')}`
        : '';
      throw new AppFailure(error.code, `${error.message}${detail}`);
    }
    return outcome.result.value as Output<M>;
  }

  /** Logs in as --user with BANSOS_PASSWORD or a prompt; refuses an account still on a temporary password. */
  /** Answers the password, for commands that must confirm it again (key rotation). */
  async login(username: string | undefined): Promise<string> {
    const name = required(username, 'user');
    const password = await secret('BANSOS_PASSWORD', `Kata sandi ${name}: `);
    const session = await this.call('auth.login', { username: name, password });
    if (session.user.mustChangePassword) {
      throw new AppFailure(
        'PASSWORD_CHANGE_REQUIRED',
        'Akun ini masih memakai kata sandi sementara. Masuk lewat aplikasi dan ganti kata sandinya terlebih dahulu.',
      );
    }
    return password;
  }

  async close(): Promise<void> {
    if (this.token) await this.core.dispatch('auth.logout', {}, this.token);
    await this.core.close();
  }
}

/** Waits for a job, drawing its progress on stderr; throws its error if it did not finish. */
export async function followJob(session: CliSession, jobId: string): Promise<unknown> {
  const stop = session.core.onEvent((_user, event, payload) => {
    if (event === 'job.progress' && 'id' in payload && payload.id === jobId && process.stderr.isTTY) {
      process.stderr.write(`\r${payload.phase} ${Math.round(payload.fraction * 100)}%   `);
    }
  });
  const view = await session.core.jobs.wait(jobId);
  stop();
  if (process.stderr.isTTY) process.stderr.write('\n');
  // The job's own code (a file refused as VALIDATION stays VALIDATION in `--json`): the job
  // thread throws AppFailure, whose codes are ErrorCode; the view carries them as text.
  if (view.state !== 'done')
    throw new AppFailure(
      (view.error?.code ?? 'INTERNAL') as ErrorCode,
      view.error?.message ?? 'Pekerjaan gagal.',
    );
  return view.result;
}
