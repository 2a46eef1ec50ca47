import { BrowserWindow } from 'electron';

/**
 * Renders a print layout (HTML from the renderer's report pages) to A4 PDF in a hidden,
 * sandboxed window with no preload and JavaScript off: the document is data, not an app.
 */
export async function printToPdf(html: string, options: { landscape?: boolean } = {}): Promise<Buffer> {
  const window = new BrowserWindow({
    show: false,
    webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
  });
  try {
    await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
    return await window.webContents.printToPDF({
      pageSize: 'A4',
      landscape: options.landscape ?? false,
      printBackground: true,
      preferCSSPageSize: true,
    });
  } finally {
    window.destroy();
  }
}
