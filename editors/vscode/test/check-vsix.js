// Checks a packaged .vsix: what VS Code needs is in it, what it does not need is not, and
// extension.js loads from the unpacked package with only the dependencies packed beside it.
// Usage: node test/check-vsix.js shareguard-X.Y.Z.vsix
'use strict';

const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const yauzl = require('yauzl');

const REQUIRED = [
  'extension/package.json',
  'extension/extension.js',
  'extension/lib/server.js',
  'extension/lib/folding.js',
  'extension/syntaxes/shareguard.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/LICENSE.txt',
  'extension/readme.md',
  'extension/node_modules/vscode-languageclient/package.json',
];
const FORBIDDEN = [/^extension\/test\//, /\.snap$/, /package-lock\.json$/, /\.vsix$/, /^extension\/ci\.sh$/];

function entries(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const found = new Map();
      zip.on('entry', (entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks = [];
          stream.on('data', (chunk) => chunks.push(chunk));
          stream.on('end', () => {
            found.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(found));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node test/check-vsix.js FILE.vsix');
  const files = await entries(file);
  const problems = [];
  for (const name of REQUIRED) if (!files.has(name)) problems.push(`missing: ${name}`);
  for (const name of files.keys()) {
    if (FORBIDDEN.some((pattern) => pattern.test(name))) problems.push(`should not be packaged: ${name}`);
  }
  if (problems.length) throw new Error(`${file}:\n  ${problems.join('\n  ')}`);

  // Unpack, then load extension.js as VS Code would, with a stand-in for the `vscode` module
  // only: every other module must come from the package itself.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareguard-vsix-'));
  try {
    for (const [name, content] of files) {
      const target = path.join(dir, name);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
    const originalLoad = Module._load;
    Module._load = function load(request, parent, ...rest) {
      if (request === 'vscode') return new Proxy({}, { get: () => function stand_in() {} });
      const loaded = originalLoad.call(this, request, parent, ...rest);
      return loaded;
    };
    // Resolution must not escape the unpacked directory into this repository's node_modules.
    const originalResolve = Module._resolveFilename;
    Module._resolveFilename = function resolve(request, ...rest) {
      const resolved = originalResolve.call(this, request, ...rest);
      if (path.isAbsolute(resolved) && !resolved.startsWith(dir)) {
        throw new Error(`${request} resolved outside the package, to ${resolved}`);
      }
      return resolved;
    };
    try {
      const extension = require(path.join(dir, 'extension', 'extension.js'));
      if (typeof extension.activate !== 'function' || typeof extension.deactivate !== 'function') {
        throw new Error('extension.js does not export activate and deactivate');
      }
      const grammar = JSON.parse(files.get('extension/syntaxes/shareguard.tmLanguage.json'));
      if (grammar.scopeName !== 'source.shareguard') throw new Error('the grammar is not source.shareguard');
    } finally {
      Module._load = originalLoad;
      Module._resolveFilename = originalResolve;
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const size = fs.statSync(file).size;
  console.log(`${path.resolve(file)}: ${files.size} files, ${(size / 1024).toFixed(1)} KiB; contents checked, extension.js loads`);
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
