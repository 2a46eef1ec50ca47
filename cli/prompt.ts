import { createInterface } from 'node:readline';
import { UsageError } from './args.ts';

/**
 * Secrets come from an environment variable or a prompt with echo off: never from arguments,
 * which other users can read in the process list and which land in shell history.
 */
export async function secret(envName: string, question: string): Promise<string> {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      `${envName} belum diisi dan tidak ada terminal untuk menanyakannya. Isi variabel ${envName}, atau jalankan perintah ini di terminal.`,
    );
  }
  return promptHidden(question);
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (text: string) => {
      if (!asked) {
        process.stderr.write(text);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      process.stderr.write('\n');
      rl.close();
      resolve(answer);
    });
  });
}
