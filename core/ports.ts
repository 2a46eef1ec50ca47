/**
 * What a host must provide to the core: the platform pieces that differ between Electron
 * (native dialogs), the web host (scripted dialogs writing under the data folder) and the CLI.
 */
export interface FileRequest {
  purpose: 'backup' | 'restore' | 'import' | 'export' | 'report';
  suggestedName: string;
  extensions: string[];
}

export interface HostAdapters {
  /** Shows the platform's save dialog; answers an absolute path, or null when the user cancels. */
  chooseSaveFile(request: FileRequest): Promise<string | null>;
  /** Shows the platform's open dialog; answers an absolute path, or null when the user cancels. */
  chooseOpenFile(request: FileRequest): Promise<string | null>;
}
