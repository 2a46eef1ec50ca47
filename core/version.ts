import pkg from '../package.json' with { type: 'json' };

/** Bundled into the Electron build; read from package.json when running from source. */
export const APP_VERSION: string = pkg.version;
