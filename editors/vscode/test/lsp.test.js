// extension.js with the real vscode-languageclient, against stand-in servers: the client starts
// the configured program as `PROGRAM lsp` (no `--stdio` or other arguments), completes the LSP
// handshake over standard input and output, opens .share documents (and only those), restarts
// the server on "Restart Language Server", and shuts it down on deactivation; a shareguard that
// has no `lsp` command gets a message saying so. Only the `vscode` API is a stand-in here.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const Module = require('node:module');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const { fakeVscode, document } = require('./fixtures/vscode-stand-in');

/** Waits (up to 2 s) until the server has logged `text` `times` times. */
async function logged(log, text, times) {
  for (let i = 0; i < 100 && fs.readFileSync(log, 'utf8').split(text).length - 1 < times; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs extension.js with the real client against `server` (a file made executable as `shareguard`). */
async function withExtension(server, documents, body) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareguard-lsp-'));
  const serverPath = path.join(dir, 'shareguard');
  fs.writeFileSync(serverPath, server);
  fs.chmodSync(serverPath, 0o755);
  const log = path.join(dir, 'log');
  fs.writeFileSync(log, '');
  process.env.FAKE_LSP_LOG = log;
  const messages = [];
  const commands = {};
  const vscode = fakeVscode({ serverPath, messages, commands, documents: documents(dir) });
  const extensionPath = require.resolve('../extension.js');
  delete require.cache[extensionPath];
  const originalLoad = Module._load;
  Module._load = function load(request, ...rest) {
    return request === 'vscode' ? vscode : originalLoad.call(this, request, ...rest);
  };
  try {
    await body({ extension: require(extensionPath), log, dir, messages, commands });
  } finally {
    Module._load = originalLoad;
    delete require.cache[extensionPath];
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the real language client starts `PROGRAM lsp`, opens .share documents, restarts, and stops', async () => {
  const server = fs.readFileSync(path.join(__dirname, 'fixtures', 'fake-lsp-server.js'));
  const documents = (dir) => [
    document(path.join(dir, 'acme.share'), 'shareguard', 'policy "Acme" {}'),
    document(path.join(dir, 'main.rs'), 'rust', 'fn main() {}'),
  ];
  await withExtension(server, documents, async ({ extension, log, dir, messages, commands }) => {
    await extension.activate({ subscriptions: [] });
    // The handshake is done when activate() returns; the didOpen notification may trail it, as
    // the `exit` notification trails a stop.
    await logged(log, 'didOpen', 1);
    await commands['shareguard.restartServer']();
    await logged(log, 'didOpen', 2);
    await extension.deactivate();
    await logged(log, 'exit', 2);
    const session = [
      'argv ["lsp"]',
      'initialize',
      'initialized',
      `textDocument/didOpen file://${path.join(dir, 'acme.share')} shareguard`,
      'shutdown',
      'exit',
    ];
    assert.deepEqual(fs.readFileSync(log, 'utf8').trim().split('\n'), [...session, ...session]);
    assert.deepEqual(messages.filter((m) => m.startsWith('error:')), []);
  });
});

test('a shareguard without `lsp` gets a message that says to update it, and no restarts', () => {
  // What an older shareguard does with an unknown command: a usage error, status 2.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shareguard-lsp-'));
  const serverPath = path.join(dir, 'shareguard');
  fs.writeFileSync(serverPath, '#!/bin/sh\necho "error: unrecognized subcommand \'$1\'" >&2\nexit 2\n');
  fs.chmodSync(serverPath, 0o755);
  const run = spawnSync(process.execPath, [path.join(__dirname, 'fixtures', 'run-extension.js'), serverPath, '500'], {
    encoding: 'utf8',
    timeout: 30000,
  });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stderr);
  const { messages, rejections } = JSON.parse(run.stdout);
  const ours = messages.filter((m) => m.startsWith('error:') && m.includes('cargo install'));
  assert.equal(ours.length, 1, messages.join('\n'));
  assert.match(ours[0], /did not start a language server/);
  // Started once: a server that cannot start is not restarted.
  assert.equal(messages.filter((m) => m.includes('] Starting ')).length, 1, messages.join('\n'));
  // vscode-languageclient 9 stops a client whose start failed without waiting for the stop, which
  // rejects (the client is not running yet), and may write to the pipe of the exited process.
  for (const rejection of rejections) assert.match(rejection, /can't be stopped|EPIPE|stream was destroyed/);
});
