import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LineDocument } from '../../server/src/lsp/line-document';

const PIECES = ['a', 'Step 1: 2 + 2 = 4', '\n', '\r\n', '\r', '\n\n', '', ' ', '×', '😀', 'x\ny', 'p\r\nq\rr'];
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 20 }).map((p) => p.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 25 }) });
const change = fc.oneof({ weight: 5, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) }, { weight: 1, arbitrary: fc.record({ text }) });

test('a document kept as lines reads, places and edits exactly as vscode-languageserver-textdocument', () => {
  fc.assert(
    fc.property(
      text,
      fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 8 }),
      fc.array(position, { maxLength: 6 }),
      fc.array(fc.integer({ min: -2, max: 200 }), { maxLength: 6 }),
      (initial, updates, positions, offsets) => {
        const ours = new LineDocument('u', 'markdown', 1, initial);
        const theirs = TextDocument.create('u', 'markdown', 1, initial);
        let version = 1;
        for (const raw of updates) {
          const before = ours.getText();
          // Ranges on lines the document has (an editor sends no other; the library miscounts its lines after one past the end).
          const scratch = TextDocument.create('s', 'markdown', 0, before);
          const changes = raw.map((c) => {
            const last = scratch.lineCount - 1;
            const clamp = (p: { line: number; character: number }) => ({ line: Math.max(0, Math.min(p.line, last)), character: p.character });
            const valid = 'range' in c ? { range: { start: clamp(c.range.start), end: clamp(c.range.end) }, text: c.text } : c;
            TextDocument.update(scratch, [valid], 0);
            return valid;
          });
          version++;
          ours.update(changes, version);
          TextDocument.update(theirs, changes, version);
          const now = theirs.getText();
          assert.equal(ours.getText(), now);
          assert.equal(ours.version, version);
          assert.equal(ours.lineCount, theirs.lineCount);
          assert.equal(ours.textLength, now.length);
          // One range edit: what the incremental parse is told, and it makes the new text from the old.
          const edits = ours.editsFrom(version - 1);
          if (changes.every((c) => 'range' in c)) {
            assert.ok(edits && edits.length === changes.length);
            if (edits.length === 1) {
              const [e] = edits;
              assert.equal(before.slice(e.start, e.end), e.removed);
              assert.equal(before.slice(0, e.start) + e.text + before.slice(e.end), now);
            }
          } else assert.equal(edits, undefined);
          for (const p of positions) {
            assert.equal(ours.offsetAt(p), theirs.offsetAt(p), `offsetAt ${JSON.stringify(p)} in ${JSON.stringify(now)}`);
            assert.deepEqual(ours.getLineRange(p.line), theirs.getLineRange(p.line));
            assert.equal(ours.getEOLCharacters(p.line), theirs.getEOLCharacters(p.line));
          }
          for (const o of offsets) {
            assert.deepEqual(ours.positionAt(o), theirs.positionAt(o), `positionAt ${o} in ${JSON.stringify(now)}`);
            const at = Math.max(0, Math.min(o, now.length));
            const line = ours.lineAt(at);
            assert.ok(line.start <= at && at <= line.start + line.text.length + 2 && !/[\r\n]/.test(line.text));
            assert.equal(now.slice(line.start, line.start + line.text.length), line.text);
            assert.equal(ours.slice(at, at + 7), now.slice(at, at + 7));
          }
          if (positions.length >= 2) {
            const range = { start: positions[0], end: positions[1] };
            assert.equal(ours.getText(range), theirs.getText(range));
          }
        }
      },
    ),
    { numRuns: 800, seed: 15 },
  );
});
