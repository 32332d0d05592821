// The grammar as a whole: every rule it includes exists and the unit tests reach every scope it
// gives; and real policies, tokenized as VS Code would, have every token scoped (a scope beyond
// `source.shareguard`) and none marked invalid:
//   - the bundled policies, ../../policies/*.share (there must be some);
//   - files that shareguard parses: the repository's tests/fmt, tests/apply and tests/lint cases.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { tokenize, SCOPE, GRAMMAR_PATH } = require('./tokenize');

const REPO = path.resolve(__dirname, '..', '..', '..');

/** The `.share` files directly in `dir` (and below it, if `deep`), sorted; none if it is absent. */
function shareFiles(dir, deep) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return deep ? shareFiles(full, deep) : [];
      return entry.name.endsWith('.share') ? [full] : [];
    })
    .sort();
}

/** `file:line:col "text" scopes` for each token that is unscoped or invalid. */
function problems(file, tokens) {
  const where = path.relative(REPO, file);
  return tokens
    .filter((t) => t.text.trim() !== '')
    .flatMap((t) => {
      const scopes = t.scopes.join(' ');
      const found = [];
      if (t.scopes.length < 2 || t.scopes.every((s) => s === SCOPE)) found.push('no scope');
      if (t.scopes.some((s) => s.startsWith('invalid'))) found.push('invalid');
      return found.length ? [`${where}:${t.line}:${t.column} ${JSON.stringify(t.text)} [${scopes}]: ${found.join(', ')}`] : [];
    });
}

async function assertClean(file) {
  const found = problems(file, await tokenize(fs.readFileSync(file, 'utf8')));
  if (found.length) assert.fail(`${found.length} token(s) unscoped or invalid:\n${found.join('\n')}`);
}

/** Every rule object of the grammar, with where it is. */
function rules(node, where, out = []) {
  if (Array.isArray(node)) node.forEach((child, i) => rules(child, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    out.push({ rule: node, where });
    for (const [key, child] of Object.entries(node)) rules(child, `${where}.${key}`, out);
  }
  return out;
}

const grammar = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));

test('the grammar: every include names a rule of its repository', () => {
  const missing = rules(grammar, '$')
    .filter(({ rule }) => typeof rule.include === 'string' && rule.include.startsWith('#'))
    .filter(({ rule }) => !Object.hasOwn(grammar.repository, rule.include.slice(1)))
    .map(({ rule, where }) => `${where}: ${rule.include}`);
  assert.deepEqual(missing, []);
});

// vscode-oniguruma does not reject a malformed regular expression (it matches nothing, or
// everything): what shows that each rule works is a unit test that reaches it. So every scope that
// the grammar can give must be given somewhere in the unit tests (test/grammar/*.share).
test('the grammar: the unit tests reach every scope it can give', async () => {
  const given = new Set();
  for (const file of shareFiles(path.join(__dirname, 'grammar'), false)) {
    for (const token of await tokenize(fs.readFileSync(file, 'utf8'))) token.scopes.forEach((s) => given.add(s));
  }
  const names = new Set();
  for (const { rule } of rules([grammar.patterns, grammar.repository], '$')) {
    for (const key of ['name', 'contentName']) {
      if (typeof rule[key] === 'string') rule[key].split(/\s+/).forEach((n) => names.add(n));
    }
  }
  const unreached = [...names].filter((name) => {
    // `keyword.other.$1.shareguard` stands for every word its rule matches: one is enough here.
    const pattern = new RegExp(`^${name.replace(/[.]/g, '\\.').replace(/\$\d+/g, '[^.]+')}$`);
    return ![...given].some((scope) => pattern.test(scope));
  });
  assert.deepEqual(unreached.sort(), []);
});

const policies = shareFiles(path.join(REPO, 'policies'), false);

test('there are bundled policies to check', () => {
  assert.ok(policies.length > 0, `no .share files in ${path.join(REPO, 'policies')}`);
});

for (const file of policies) {
  test(`bundled policy ${path.relative(REPO, file)}: every token scoped, none invalid`, () => assertClean(file));
}

// These parse (they are formatting, runtime and lint cases, not syntax errors), so no token of
// theirs may be shown as an error.
const parsed = [
  ...shareFiles(path.join(REPO, 'tests', 'fmt'), false),
  ...shareFiles(path.join(REPO, 'tests', 'apply'), true),
  ...shareFiles(path.join(REPO, 'tests', 'lint'), true),
];
test('parsed test cases of the repository: every token scoped, none invalid', async () => {
  const found = [];
  for (const file of parsed) found.push(...problems(file, await tokenize(fs.readFileSync(file, 'utf8'))));
  if (found.length) assert.fail(`${found.length} token(s) unscoped or invalid:\n${found.join('\n')}`);
});

test('the check itself reports invalid tokens with file, line, column, text and scopes', async () => {
  const file = path.join(REPO, 'policies', 'example.share');
  const found = problems(file, await tokenize('policy "x" {}\nnever share a to b // why\n'));
  assert.deepEqual(found, [
    'policies/example.share:2:20 "// why" [source.shareguard invalid.illegal.comment.shareguard]: invalid',
  ]);
});
