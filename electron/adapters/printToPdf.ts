import { BrowserWindow } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Chromium refuses URLs over 2 MB; a long BNBA is bigger than that as a data: URL. */
const DATA_URL_LIMIT = 1_500_000;

/**
 * Renders a print layout (core/reports/html.ts: A4, @page rules, no scripts) to PDF in a
 * hidden, sandboxed window with no preload and JavaScript off: the document is data, not an
 * app. The page size and orientation come from the document's CSS (preferCSSPageSize).
 */
export async function printToPdf(html: string, options: { landscape?: boolean } = {}): Promise<Buffer> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  let folder: string | null = null;
  try {
    if (html.length < DATA_URL_LIMIT) {
      await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    } else {
      // Owner-only temporary file, removed as soon as the page is loaded.
      folder = mkdtempSync(join(tmpdir(), 'bansos-print-'));
      const file = join(folder, 'laporan.html');
      writeFileSync(file, html, { mode: 0o600 });
      await window.loadFile(file);
      rmSync(folder, { recursive: true, force: true });
      folder = null;
    }
    return await window.webContents.printToPDF({
      pageSize: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      preferCSSPageSize: true,
    });
  } finally {
    if (folder) rmSync(folder, { recursive: true, force: true });
    window.destroy();
  }
}
