import { AppFailure } from '../common/errors.ts';
import { PathError, UsageError } from './args.ts';
import { emitFailure } from './output.ts';
import { audit, auditHelp } from './commands/audit.ts';
import { demo, demoHelp } from './commands/demo.ts';
import { exportCommand, importCommand, importHelp } from './commands/importExport.ts';
import { backup, backupHelp, restore } from './commands/backup.ts';
import { init, initHelp } from './commands/init.ts';
import { keys, keysHelp } from './commands/keys.ts';
import { periods, periodsHelp } from './commands/periods.ts';
import { report, reportHelp } from './commands/report.ts';
import { user, userHelp } from './commands/user.ts';
import { enrol, sync, syncHelp } from './commands/sync.ts';

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  init,
  user,
  audit,
  backup,
  restore,
  keys,
  demo,
  report,
  import: importCommand,
  export: exportCommand,
  periods,
  sync,
  enrol,
};

const HELP = `bansos: alat baris perintah Bansos Desk (npm run bansos -- PERINTAH ...)

Setiap perintah memakai --data DIR (folder data) dan --user NAMA (akun yang menjalankan).
Kata sandi TIDAK PERNAH lewat argumen: isi BANSOS_PASSWORD atau jawab pertanyaannya.
--json mencetak satu objek JSON. Status keluar bukan 0 bila gagal.

${[initHelp, userHelp, auditHelp, backupHelp, keysHelp, demoHelp, reportHelp, importHelp, periodsHelp, syncHelp].join('\n')}`;

const FS_ERRORS: Record<string, string> = {
  ENOENT: 'Berkas atau folder tidak ditemukan',
  ENOTDIR: 'Bagian dari jalur berkas bukan folder',
  EISDIR: 'Yang disebut adalah folder, bukan berkas',
  EACCES: 'Tidak ada izin membuka berkas atau folder',
  EPERM: 'Tidak ada izin membuka berkas atau folder',
  ENOSPC: 'Disk penuh',
  EROFS: 'Disk hanya dapat dibaca',
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    console.error(`Perintah "${command}" tidak dikenal.\n\n${HELP}`);
    return 2;
  }
  try {
    await run(rest);
    return 0;
  } catch (error) {
    const failure = describeFailure(error);
    console.error(failure.text);
    if (rest.includes('--json')) emitFailure(failure.code, failure.message);
    return failure.exit;
  }
}

/** What a failed command says on stderr, its code for --json, and its exit status. */
function describeFailure(error: unknown): { text: string; code: string; message: string; exit: number } {
  if (error instanceof UsageError)
    return {
      text: `Perintah tidak lengkap: ${error.message}`,
      code: 'USAGE',
      message: error.message,
      exit: 2,
    };
  if (error instanceof PathError)
    return { text: `Gagal: ${error.message}`, code: 'NOT_FOUND', message: error.message, exit: 2 };
  // A file the system refused (a folder removed meanwhile, no permission): said plainly, no stack.
  const fsCode = (error as NodeJS.ErrnoException | null)?.code;
  if (fsCode && FS_ERRORS[fsCode]) {
    const path = (error as NodeJS.ErrnoException).path;
    const message = `${FS_ERRORS[fsCode]}${path ? `: ${path}` : ''}.`;
    return { text: `Gagal: ${message}`, code: 'FILE', message, exit: 2 };
  }
  if (error instanceof AppFailure)
    return { text: `Gagal: ${error.message}`, code: error.code, message: error.message, exit: 1 };
  const message = `Gagal karena kesalahan tak terduga: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  return {
    text: message,
    code: 'INTERNAL',
    message: 'Kesalahan tak terduga; rinciannya di stderr.',
    exit: 1,
  };
}

// Exit explicitly: worker threads or timers must not keep a finished command alive. A pipe
// takes stdout asynchronously: exiting before it drained cut `--json | wc -c` at 64 KiB.
main(process.argv.slice(2)).then((code) =>
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code))),
);
