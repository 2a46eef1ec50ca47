// Electron fuses (DESIGN.md pitfalls): switch off what an attacker with file access could use
// to run code as our app, and make the app load only from its own integrity-checked asar.
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');
const path = require('node:path');

exports.default = async function afterPack(context) {
  const name = context.packager.appInfo.productFilename;
  const executable = {
    win32: `${name}.exe`,
    darwin: `${name}.app`,
    linux: context.packager.executableName,
  }[context.electronPlatformName];
  await flipFuses(path.join(context.appOutDir, executable), {
    version: FuseVersion.V1,
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin',
    [FuseV1Options.RunAsNode]: false,
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    [FuseV1Options.EnableCookieEncryption]: true,
  });
};
