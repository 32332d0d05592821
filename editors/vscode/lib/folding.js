// Folding ranges for a policy: every `{ }`, `[ ]` and `( )` that spans lines (skipping strings and
// comments), and each run of two or more whole-line comments. Plain Node, no `vscode` here.
'use strict';

const CLOSERS = { '}': '{', ']': '[', ')': '(' };

/** `[{ start, end, kind }]`, 0-based lines; `kind` is 'comment' or undefined. */
function foldingRanges(text) {
  const ranges = [];
  const open = [];
  let commentStart = -1;
  let commentEnd = -1;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, number) => {
    if (/^\s*#/.test(line)) {
      if (commentStart < 0 || commentEnd !== number - 1) commentStart = number;
      commentEnd = number;
    } else if (commentStart >= 0) {
      if (commentEnd > commentStart) ranges.push({ start: commentStart, end: commentEnd, kind: 'comment' });
      commentStart = -1;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '#') break;
      if (c === '"') {
        // A string ends at its closing quote or at the end of the line (strings never span lines).
        for (i++; i < line.length && line[i] !== '"'; i++) if (line[i] === '\\') i++;
      } else if (c === '{' || c === '[' || c === '(') {
        open.push({ c, line: number });
      } else if (CLOSERS[c]) {
        // Skip unmatched closers; drop openers left unclosed inside this pair.
        const at = open.map((o) => o.c).lastIndexOf(CLOSERS[c]);
        if (at < 0) continue;
        const start = open[at].line;
        open.length = at;
        // The closing line stays visible, so that `}` and whatever follows it show.
        if (number - 1 > start) ranges.push({ start, end: number - 1 });
      }
    }
  });
  if (commentStart >= 0 && commentEnd > commentStart) {
    ranges.push({ start: commentStart, end: commentEnd, kind: 'comment' });
  }
  ranges.sort((a, b) => a.start - b.start || b.end - a.end);
  // `given { ... [` opened and closed on the same lines as another pair: one range is enough.
  return ranges.filter((r, i) => i === 0 || r.start !== ranges[i - 1].start || r.end !== ranges[i - 1].end);
}

module.exports = { foldingRanges };
