import type { AreaScope, Role } from '../common/auth/roles.ts';

/**
 * What a host must provide to the core: the platform pieces that differ between Electron
 * (native dialogs), the web host (scripted dialogs writing under the data folder) and the CLI.
 */
export interface FileRequest {
  purpose: 'backup' | 'restore' | 'import' | 'export' | 'report' | 'errors';
  suggestedName: string;
  extensions: string[];
  /**
   * The user asking (core fills it in): a host that keeps saved files itself (the web host's
   * exports/) records the owner, and serves the file to that user alone.
   */
  owner?: string;
  /**
   * The owner's role and area when they asked (core fills them in): the web host serves a kept
   * file only while both are unchanged, since what was made under them may hold data the user
   * can no longer see (probe C01).
   */
  ownerRole?: Role;
  ownerArea?: AreaScope;
}

export interface HostAdapters {
  /** Shows the platform's save dialog; answers an absolute path, or null when the user cancels. */
  chooseSaveFile(request: FileRequest): Promise<string | null>;
  /** Shows the platform's open dialog; answers an absolute path, or null when the user cancels. */
  chooseOpenFile(request: FileRequest): Promise<string | null>;
  /**
   * Renders a complete print document (core/reports/html.ts: A4, @page, no scripts) to PDF:
   * Electron's webContents.printToPDF, or headless Chromium for the web host and the CLI
   * (core/reports/chromiumPdf.ts). A host without it cannot save reports as PDF.
   */
  printToPdf?(html: string, options: { landscape: boolean }): Promise<Buffer>;
}
