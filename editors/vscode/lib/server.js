// Finds the `shareguard` program that `shareguard.path` names. Plain Node: no `vscode` here, so
// the tests run it without an editor.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function isExecutableFile(file, platform) {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Where the configured program is: `{ path }`, or `{ path: null, tried }` with the places looked.
 *
 * `configured` is a name looked up on PATH (`shareguard`), an absolute path, `~/...`, or a path
 * relative to the first workspace folder (`target/release/shareguard`), as a user would expect
 * from a setting that may be written per workspace.
 */
function resolveServerPath(configured, options = {}) {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const isExecutable = options.isExecutable ?? ((file) => isExecutableFile(file, platform));
  const pathApi = platform === 'win32' ? path.win32 : path.posix;
  let value = String(configured ?? '').trim() || 'shareguard';
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\')) {
    value = pathApi.join(options.homedir ?? os.homedir(), value.slice(1));
  }
  const extensions =
    platform === 'win32' && !pathApi.extname(value)
      ? ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)]
      : [''];
  let bases;
  if (pathApi.isAbsolute(value)) {
    bases = [value];
  } else if (value.includes('/') || (platform === 'win32' && value.includes('\\'))) {
    bases = options.workspaceFolder ? [pathApi.resolve(options.workspaceFolder, value)] : [];
  } else {
    const pathVariable = env.PATH ?? env.Path ?? '';
    bases = pathVariable
      .split(pathApi.delimiter)
      .filter(Boolean)
      .map((dir) => pathApi.join(dir, value));
  }
  const tried = [];
  for (const base of bases) {
    for (const extension of extensions) {
      const candidate = base + extension;
      tried.push(candidate);
      if (isExecutable(candidate)) return { path: candidate, tried };
    }
  }
  return { path: null, tried };
}

/** The message shown when the program cannot be found: what to do about it, in one sentence each. */
function notFoundMessage(configured) {
  const value = String(configured ?? '').trim() || 'shareguard';
  const where =
    value === 'shareguard'
      ? '`shareguard` was not found on PATH'
      : `\`shareguard.path\` is "${value}", and no program was found there`;
  return (
    `ShareGuard: the language server cannot start: ${where}. ` +
    'Install shareguard with `cargo install --path .` from the shareguard repository, ' +
    'or set `shareguard.path` to the `shareguard` program.'
  );
}

module.exports = { resolveServerPath, notFoundMessage };
