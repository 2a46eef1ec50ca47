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

/**
 * exceljs goes in its own file, required on first use: compiling and initialising it cost every
 * command ~150 ms at start (even `bansos help`), because the import and export modules import it
 * at the top. Code only reads its members (`ExcelJS.Workbook`, `ExcelJS.stream.xlsx...`) when it
 * works with a file, so a proxy that loads the real module then is enough. Each thread of the
 * desktop app saves the same (~17 MB of compiled code in every job thread that never touches a
 * spreadsheet). The bundle using it needs exceljs.cjs and codeCache.cjs beside it.
 */
export const lazyExcelJs = {
  name: 'lazy-exceljs',
  setup(build) {
    build.onResolve({ filter: /^exceljs$/ }, () => ({ path: 'exceljs', namespace: 'lazy-exceljs' }));
    build.onLoad({ filter: /.*/, namespace: 'lazy-exceljs' }, () => ({
      loader: 'js',
      contents: `let loaded;
const load = () => {
  const { join } = require('node:path');
  return (loaded ??= require(join(__dirname, 'codeCache.cjs')).runCached(join(__dirname, 'exceljs.cjs'), module));
};
export default new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
  has: (_, key) => key in load(),
});`,
    }));
  },
};
