// The client without an editor: finding the program, folding, and extension.js driven through
// stand-ins for the `vscode` API and the language client.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { resolveServerPath, notFoundMessage } = require('../lib/server');
const { foldingRanges } = require('../lib/folding');

const REPO = path.resolve(__dirname, '..', '..', '..');

test('the program is looked up on PATH, in order', () => {
  const seen = [];
  const found = resolveServerPath('shareguard', {
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/home/ana/.cargo/bin' },
    isExecutable: (file) => (seen.push(file), file === '/home/ana/.cargo/bin/shareguard'),
  });
  assert.equal(found.path, '/home/ana/.cargo/bin/shareguard');
  assert.deepEqual(seen, ['/usr/local/bin/shareguard', '/home/ana/.cargo/bin/shareguard']);
});

test('an empty setting means `shareguard`', () => {
  const found = resolveServerPath('  ', { platform: 'linux', env: { PATH: '/bin' }, isExecutable: () => true });
  assert.equal(found.path, '/bin/shareguard');
});

test('absolute, home and workspace-relative paths', () => {
  const options = { platform: 'linux', env: { PATH: '/bin' }, homedir: '/home/ana', isExecutable: () => true };
  assert.equal(resolveServerPath('/opt/sg/shareguard', options).path, '/opt/sg/shareguard');
  assert.equal(resolveServerPath('~/bin/shareguard', options).path, '/home/ana/bin/shareguard');
  assert.equal(
    resolveServerPath('target/release/shareguard', { ...options, workspaceFolder: '/work/policies' }).path,
    '/work/policies/target/release/shareguard',
  );
  // A relative path with no folder open to resolve it against is not guessed at.
  assert.equal(resolveServerPath('target/release/shareguard', options).path, null);
});

test('on Windows the PATHEXT extensions are tried', () => {
  const found = resolveServerPath('shareguard', {
    platform: 'win32',
    env: { Path: 'C:\\tools;C:\\Users\\ana\\.cargo\\bin', PATHEXT: '.COM;.EXE' },
    isExecutable: (file) => file === 'C:\\Users\\ana\\.cargo\\bin\\shareguard.EXE',
  });
  assert.equal(found.path, 'C:\\Users\\ana\\.cargo\\bin\\shareguard.EXE');
  assert.equal(found.tried.length, 6);
});

test('a missing program is reported with what to do', () => {
  const found = resolveServerPath('shareguard', { platform: 'linux', env: { PATH: '/nowhere' } });
  assert.equal(found.path, null);
  assert.deepEqual(found.tried, ['/nowhere/shareguard']);
  for (const message of [notFoundMessage('shareguard'), notFoundMessage('/opt/sg/shareguard')]) {
    assert.match(message, /cargo install --path \./);
    assert.match(message, /shareguard\.path/);
  }
  assert.match(notFoundMessage('shareguard'), /not found on PATH/);
  assert.match(notFoundMessage('/opt/sg/shareguard'), /"\/opt\/sg\/shareguard"/);
});

test('folding: blocks that span lines, not braces in strings or comments', () => {
  const text = [
    '# one', //                             0
    '# two', //                             1
    'recipient r "a { b" {', //             2
    '  share x # }', //                     3
    '    when (', //                        4
    '      a or b', //                      5
    '    )', //                             6
    '}', //                                 7
    'example "e" {', //                     8
    '  given { "a": "\\"}", "b": [', //     9
    '    1', //                             10
    '  ] }', //                             11
    '}', //                                 12
  ].join('\n');
  assert.deepEqual(foldingRanges(text), [
    { start: 0, end: 1, kind: 'comment' },
    { start: 2, end: 6 },
    { start: 4, end: 5 },
    { start: 8, end: 11 },
    { start: 9, end: 10 },
  ]);
});

test('folding: every recipient, the record and every example of the reference policy fold', () => {
  const text = fs.readFileSync(path.join(REPO, 'policies', 'acme_dining.share'), 'utf8');
  const starts = new Set(foldingRanges(text).map((range) => range.start));
  text.split('\n').forEach((line, number) => {
    if (/^(recipient|record|example|policy) /.test(line)) assert.ok(starts.has(number), `line ${number + 1}: ${line}`);
  });
});

test('language configuration: comments, pairs, and paths, dates and lint names as words', () => {
  const configuration = require('../language-configuration.json');
  assert.equal(configuration.comments.lineComment, '#');
  assert.deepEqual(configuration.brackets, [['{', '}'], ['[', ']'], ['(', ')']]);
  const opens = configuration.autoClosingPairs.map((pair) => pair.open);
  assert.deepEqual(opens, ['{', '[', '(', '"']);
  assert.ok(configuration.surroundingPairs.some(([open]) => open === '"'));
  const words = 'when consent.sale and age(birth_date) >= 16 as of 2026-06-01 allow share-always-cancelled'.match(
    new RegExp(configuration.wordPattern, 'g'),
  );
  assert.deepEqual(words, [
    'when', 'consent.sale', 'and', 'age', 'birth_date', '16', 'as', 'of', '2026-06-01', 'allow',
    'share-always-cancelled',
  ]);
  const indent = new RegExp(configuration.indentationRules.increaseIndentPattern);
  assert.ok(indent.test('recipient r "A { b" {'));
  assert.ok(indent.test('  given {  # the record'));
  assert.ok(!indent.test('  share x # {'));
  assert.ok(!indent.test('  address: { zip: text }'));
});

// ------------------------------------------------------------------ extension.js

/** Loads extension.js afresh against stand-ins; returns what it did to them. */
function loadExtension({ path: configuredPath }) {
  const log = { errors: [], clients: [], commands: {}, configListeners: [], folding: [] };
  const vscode = {
    workspace: {
      workspaceFolders: undefined,
      getConfiguration: (section) => ({
        get: (key, fallback) => (section === 'shareguard' && key === 'path' ? configuredPath : fallback),
      }),
      onDidChangeConfiguration: (listener) => (log.configListeners.push(listener), { dispose() {} }),
    },
    window: {
      createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }),
      showErrorMessage: (message) => (log.errors.push(message), Promise.resolve(undefined)),
    },
    commands: {
      registerCommand: (name, handler) => ((log.commands[name] = handler), { dispose() {} }),
      executeCommand: async () => {},
    },
    languages: {
      registerFoldingRangeProvider: (selector, provider) => (log.folding.push({ selector, provider }), { dispose() {} }),
    },
    FoldingRange: class {
      constructor(start, end, kind) {
        Object.assign(this, { start, end, kind });
      }
    },
    FoldingRangeKind: { Comment: 1 },
  };
  class LanguageClient {
    constructor(id, name, serverOptions, clientOptions) {
      Object.assign(this, { id, name, serverOptions, clientOptions, started: 0, stopped: 0 });
      log.clients.push(this);
    }
    async start() {
      this.started++;
    }
    async stop() {
      this.stopped++;
    }
    async dispose() {}
  }
  const languageClient = {
    LanguageClient,
    CloseAction: { DoNotRestart: 1, Restart: 2 },
    ErrorAction: { Continue: 1, Shutdown: 2 },
  };
  const extensionPath = require.resolve('../extension.js');
  delete require.cache[extensionPath];
  const originalLoad = Module._load;
  Module._load = function load(request, ...rest) {
    if (request === 'vscode') return vscode;
    if (request === 'vscode-languageclient/node') return languageClient;
    return originalLoad.call(this, request, ...rest);
  };
  try {
    return { extension: require(extensionPath), log };
  } finally {
    Module._load = originalLoad;
  }
}

const context = () => ({ subscriptions: [] });

test('extension: starts `PROGRAM lsp` over stdio for shareguard documents', async () => {
  const { extension, log } = loadExtension({ path: process.execPath });
  await extension.activate(context());
  assert.deepEqual(log.errors, []);
  assert.equal(log.clients.length, 1);
  const [client] = log.clients;
  assert.equal(client.id, 'shareguard');
  assert.equal(client.serverOptions.command, process.execPath);
  assert.deepEqual(client.serverOptions.args, ['lsp']);
  assert.equal(client.serverOptions.transport, undefined);
  assert.ok(client.clientOptions.documentSelector.every((filter) => filter.language === 'shareguard'));
  assert.equal(client.started, 1);
  assert.equal(log.folding[0].selector.language, 'shareguard');
  await extension.deactivate();
  assert.equal(client.stopped, 1);
});

test('extension: a missing program gets an error message that says how to install it', async () => {
  const { extension, log } = loadExtension({ path: path.join(__dirname, 'no-such-shareguard') });
  await extension.activate(context());
  assert.equal(log.clients.length, 0);
  assert.equal(log.errors.length, 1);
  assert.match(log.errors[0], /cargo install --path \./);
  assert.match(log.errors[0], /shareguard\.path/);
});

test('extension: the restart command and a changed path start a new server', async () => {
  const { extension, log } = loadExtension({ path: process.execPath });
  await extension.activate(context());
  await log.commands['shareguard.restartServer']();
  assert.equal(log.clients.length, 2);
  assert.equal(log.clients[0].stopped, 1);
  assert.equal(log.clients[1].started, 1);
  log.configListeners.forEach((listener) => listener({ affectsConfiguration: (key) => key === 'shareguard.path' }));
  await extension.deactivate();
  assert.equal(log.clients.length, 3);
  assert.equal(log.clients[1].stopped, 1);
  assert.equal(log.clients[2].stopped, 1);
});

test('extension: a server that stops before it has started is not restarted', async () => {
  const { extension, log } = loadExtension({ path: process.execPath });
  await extension.activate(context());
  const handler = log.clients[0].clientOptions.errorHandler;
  handler.started = false;
  assert.deepEqual(handler.closed(), { action: 1, handled: true });
  await extension.deactivate();
});

test('extension: a server that keeps stopping is left stopped, with a message', async () => {
  const { extension, log } = loadExtension({ path: process.execPath });
  await extension.activate(context());
  const handler = log.clients[0].clientOptions.errorHandler;
  assert.equal(handler.started, true);
  const actions = [1, 2, 3, 4, 5].map(() => handler.closed());
  assert.deepEqual(actions.slice(0, 4).map((a) => a.action), [2, 2, 2, 2]);
  assert.equal(actions[4].action, 1);
  assert.match(actions[4].message, /Restart Language Server/);
  await extension.deactivate();
});

test('package.json contributes what extension.js uses', () => {
  const manifest = require('../package.json');
  const commands = manifest.contributes.commands.map((command) => command.command);
  const source = fs.readFileSync(path.join(__dirname, '..', 'extension.js'), 'utf8');
  for (const name of source.match(/shareguard\.[A-Za-z]+/g)) {
    if (name === 'shareguard.path' || name === 'shareguard.trace') continue;
    assert.ok(commands.includes(name), `${name} is not in contributes.commands`);
  }
  assert.ok(manifest.activationEvents.includes('onLanguage:shareguard'));
  assert.equal(manifest.contributes.configuration.properties['shareguard.path'].default, 'shareguard');
  assert.ok(manifest.contributes.configuration.properties['shareguard.trace.server']);
});
