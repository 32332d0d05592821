// Tokenizes text with the extension's TextMate grammar, the way VS Code does: vscode-textmate with
// the Oniguruma regular expressions compiled to WebAssembly (both come with vscode-tmgrammar-test).
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR_PATH = path.join(__dirname, '..', 'syntaxes', 'shareguard.tmLanguage.json');
const SCOPE = 'source.shareguard';

let grammarPromise;

function loadGrammar() {
  if (!grammarPromise) {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    const onigLib = oniguruma
      .loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength))
      .then(() => ({
        createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text) => new oniguruma.OnigString(text),
      }));
    const registry = new vsctm.Registry({
      onigLib,
      loadGrammar: async (scopeName) =>
        scopeName === SCOPE
          ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH)
          : null,
    });
    grammarPromise = registry.loadGrammar(SCOPE);
  }
  return grammarPromise;
}

/** Every token of `text`: `{ line, column, text, scopes }`, line and column 1-based. */
async function tokenize(text) {
  const grammar = await loadGrammar();
  const tokens = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, stack);
    for (const token of result.tokens) {
      tokens.push({
        line: index + 1,
        column: token.startIndex + 1,
        text: line.slice(token.startIndex, token.endIndex),
        scopes: token.scopes,
      });
    }
    stack = result.ruleStack;
  });
  return tokens;
}

module.exports = { tokenize, SCOPE, GRAMMAR_PATH };

// `node test/tokenize.js FILE` prints the tokens of FILE, one a line: for working on the grammar.
if (require.main === module) {
  (async () => {
    const tokens = await tokenize(fs.readFileSync(process.argv[2], 'utf8'));
    for (const t of tokens) {
      if (t.text.trim() === '') continue;
      console.log(`${t.line}:${t.column}\t${JSON.stringify(t.text)}\t${t.scopes.slice(1).join(' ')}`);
    }
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
