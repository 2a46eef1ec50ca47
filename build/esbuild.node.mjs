// What every Node-side bundle shares (Electron main and its threads, the CLI and its threads):
// CommonJS for Node 20, the SQLite driver kept external (a native module cannot be bundled), and
// `import.meta.url` meaning the bundle's own file, so code that finds files or worker scripts
// beside itself finds them beside the bundle.
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  external: ['electron', 'better-sqlite3-multiple-ciphers'],
  // Source code locates files next to itself with import.meta.url; in CommonJS that is __filename.
  define: { 'import.meta.url': 'importMetaUrl', 'import.meta.dirname': '__dirname' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
};
