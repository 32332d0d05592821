// The VS Code side of shareguard: starts `shareguard lsp` (diagnostics, hover, definition,
// references, completion, formatting, symbols, code actions all come from the server) and folds
// blocks. Highlighting is the TextMate grammar in syntaxes/, which needs no code.
'use strict';

const vscode = require('vscode');
const { LanguageClient, CloseAction, ErrorAction } = require('vscode-languageclient/node');
const { resolveServerPath, notFoundMessage } = require('./lib/server');
const { foldingRanges } = require('./lib/folding');

const LANGUAGE = 'shareguard';
// A server that stops more often than this within RESTART_WINDOW_MS is left stopped.
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

let client;
let outputChannel;
// Serializes starts and restarts, so that two quick restarts do not start two servers.
let pending = Promise.resolve();

function configuredPath() {
  return vscode.workspace.getConfiguration('shareguard').get('path', 'shareguard');
}

/**
 * Restarts a server that stops, unless it stops too often; a server that stops before it has
 * started (a shareguard without `lsp` exits at once) is not restarted: start() says why.
 */
function errorHandler(command) {
  const restarts = [];
  return {
    started: false,
    error: () => ({ action: ErrorAction.Continue, handled: true }),
    closed() {
      if (!this.started) return { action: CloseAction.DoNotRestart, handled: true };
      const now = Date.now();
      restarts.push(now);
      while (restarts.length && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length <= MAX_RESTARTS) return { action: CloseAction.Restart };
      return {
        action: CloseAction.DoNotRestart,
        message:
          `ShareGuard: the language server (${command} lsp) stopped ${restarts.length} times ` +
          'in three minutes and will not be restarted. See the "ShareGuard" output; if this ' +
          'shareguard has no `lsp` command, update it with `cargo install --path .`. Run ' +
          '"ShareGuard: Restart Language Server" to try again.',
      };
    },
  };
}

async function start() {
  const workspaceFolder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const configured = configuredPath();
  const found = resolveServerPath(configured, { workspaceFolder });
  if (!found.path) {
    outputChannel.appendLine(`shareguard not found; looked at:\n  ${found.tried.join('\n  ')}`);
    // Not awaited: a notification stays until the user answers, and restarts must not wait.
    vscode.window.showErrorMessage(notFoundMessage(configured), 'Open Settings', 'Retry').then((choice) => {
      if (choice === 'Open Settings') {
        vscode.commands.executeCommand('workbench.action.openSettings', 'shareguard.path');
      } else if (choice === 'Retry') {
        restart();
      }
    });
    return;
  }
  outputChannel.appendLine(`Starting ${found.path} lsp`);
  // Standard input and output, without naming a transport: `TransportKind.stdio` would append
  // `--stdio` to the arguments, and the command is exactly `shareguard lsp`.
  const serverOptions = {
    command: found.path,
    args: ['lsp'],
    options: workspaceFolder ? { cwd: workspaceFolder } : {},
  };
  const handler = errorHandler(found.path);
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE },
      { scheme: 'untitled', language: LANGUAGE },
    ],
    outputChannel,
    errorHandler: handler,
    initializationFailedHandler: () => false,
  };
  // The id `shareguard` makes the client read `shareguard.trace.server` itself.
  client = new LanguageClient(LANGUAGE, 'ShareGuard Language Server', serverOptions, clientOptions);
  try {
    await client.start();
    handler.started = true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outputChannel.appendLine(`The language server did not start: ${message}`);
    vscode.window
      .showErrorMessage(
        `ShareGuard: \`${found.path} lsp\` did not start a language server; what it said is in the ` +
          '"ShareGuard" output. If this shareguard is older than the `lsp` command, update it with ' +
          '`cargo install --path .`.',
        'Show Output',
      )
      .then((choice) => {
        if (choice === 'Show Output') outputChannel.show(true);
      });
  }
}

async function stop() {
  const running = client;
  client = undefined;
  if (!running) return;
  try {
    await running.stop();
  } catch (error) {
    outputChannel.appendLine(`Stopping the language server: ${error instanceof Error ? error.message : error}`);
  }
  try {
    await running.dispose();
  } catch {
    // Already stopped: nothing is left to release.
  }
}

function restart() {
  pending = pending.then(stop).then(start);
  return pending;
}

function activate(context) {
  outputChannel = vscode.window.createOutputChannel('ShareGuard');
  context.subscriptions.push(
    outputChannel,
    vscode.commands.registerCommand('shareguard.restartServer', restart),
    vscode.commands.registerCommand('shareguard.showOutput', () => outputChannel.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('shareguard.path')) restart();
    }),
    vscode.languages.registerFoldingRangeProvider(
      { language: LANGUAGE },
      {
        provideFoldingRanges: (document) =>
          foldingRanges(document.getText()).map(
            (range) =>
              new vscode.FoldingRange(
                range.start,
                range.end,
                range.kind === 'comment' ? vscode.FoldingRangeKind.Comment : undefined,
              ),
          ),
      },
    ),
  );
  pending = pending.then(start);
  return pending;
}

function deactivate() {
  pending = pending.then(stop);
  return pending;
}

module.exports = { activate, deactivate };
