// Copies the bundled policies (../../policies/*.share) into test/snap/ for `vscode-tmgrammar-snap`,
// which keeps each snapshot beside its file: the copies are ignored by git, their .snap files
// are committed. A snapshot whose policy is gone fails here rather than lingering.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const policies = path.resolve(__dirname, '..', '..', '..', 'policies');
const snap = path.join(__dirname, 'snap');

fs.mkdirSync(snap, { recursive: true });
for (const name of fs.readdirSync(snap)) {
  if (name.endsWith('.share')) fs.rmSync(path.join(snap, name));
}
const names = fs.readdirSync(policies).filter((name) => name.endsWith('.share'));
if (names.length === 0) {
  console.error(`no .share files in ${policies}`);
  process.exit(1);
}
for (const name of names) fs.copyFileSync(path.join(policies, name), path.join(snap, name));
const stale = fs
  .readdirSync(snap)
  .filter((name) => name.endsWith('.share.snap') && !names.includes(name.slice(0, -'.snap'.length)));
if (stale.length) {
  console.error(`snapshots of policies that no longer exist; delete them: ${stale.map((n) => `test/snap/${n}`).join(', ')}`);
  process.exit(1);
}
console.log(`copied ${names.length} policies to test/snap/`);
