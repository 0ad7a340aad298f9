import type { TextDocumentContentChangeEvent, TextDocumentsConfiguration } from 'vscode-languageserver';
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, TextSource } from '../engine/solution/incremental';
import { lineAt } from '../engine/text/line-index';

const LINE_BREAK = /\r\n|\r|\n/g;

/** `text` cut after each line break (kept); the last piece has none and may be empty. */
function splitLines(text: string): string[] {
  const out: string[] = [];
  let from = 0;
  LINE_BREAK.lastIndex = 0;
  for (let m = LINE_BREAK.exec(text); m; m = LINE_BREAK.exec(text)) {
    out.push(text.slice(from, m.index + m[0].length));
    from = m.index + m[0].length;
  }
  out.push(text.slice(from));
  return out;
}

const breakLength = (line: string) => (line.endsWith('\r\n') ? 2 : line.endsWith('\n') || line.endsWith('\r') ? 1 : 0);

/**
 * An open document kept as its lines. vscode-languageserver-textdocument keeps one string and
 * rebuilds it on every edit, which copies the whole text: at 10,000 steps (1.6 MB) that copy
 * and the garbage it left were half a keystroke's time. Here an edit replaces the lines it
 * touches; the whole text is joined only when someone asks for it (`getText()`), and the
 * incremental parse reads the edited line and step (`lineAt`, `slice`) without it. Positions
 * are those of the library (UTF-16, lines broken at \r\n, \r and \n; a position past a line's
 * end or inside its line break is its end).
 */
export class LineDocument implements TextDocument, TextSource {
  private lines: string[] = [];
  private starts: number[] = [];
  private length = 0;
  private flat?: string;
  /** The edits of the last update, from the version before it: what an incremental parse reads. */
  private last?: { from: number; edits: TextEdit[] };

  constructor(
    readonly uri: string,
    readonly languageId: string,
    private currentVersion: number,
    text: string,
  ) {
    this.reset(text);
  }

  get version(): number {
    return this.currentVersion;
  }

  get lineCount(): number {
    return this.lines.length;
  }

  /** How long the text is, without joining it. */
  get textLength(): number {
    return this.length;
  }

  getText(range?: Range): string {
    if (range) return this.slice(this.offsetAt(range.start), this.offsetAt(range.end));
    return (this.flat ??= this.lines.join(''));
  }

  /** The edits that made this version from `version`, when one update did (undefined otherwise). */
  editsFrom(version: number): TextEdit[] | undefined {
    return this.last && this.last.from === version ? this.last.edits : undefined;
  }

  /** What `getText().substring(start, end)` would be (so a reversed pair is swapped), without joining the text. */
  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(0, Math.min(end, this.length));
    if (start > end) [start, end] = [end, start];
    if (this.flat !== undefined) return this.flat.slice(start, end);
    const a = this.lineOf(start);
    const b = this.lineOf(end);
    if (a === b) return this.lines[a].slice(start - this.starts[a], end - this.starts[a]);
    return this.lines
      .slice(a, b + 1)
      .join('')
      .slice(start - this.starts[a], end - this.starts[a]);
  }

  lineAt(offset: number): { start: number; text: string } {
    const i = this.lineOf(Math.max(0, Math.min(offset, this.length)));
    const line = this.lines[i];
    return { start: this.starts[i], text: line.slice(0, line.length - breakLength(line)) };
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const line = this.lineOf(offset);
    const text = this.lines[line];
    return { line, character: Math.min(offset - this.starts[line], text.length - breakLength(text)) };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lines.length) return this.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    if (position.character <= 0) return start;
    const text = this.lines[position.line];
    return start + Math.min(position.character, text.length - breakLength(text));
  }

  getLineRange(line: number): Range {
    if (line >= this.lines.length) {
      const last = this.lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.length - this.starts[last] } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const text = this.lines[line];
    return { start: { line, character: 0 }, end: { line, character: text.length - breakLength(text) } };
  }

  getEOLCharacters(line: number): string {
    if (line < 0 || line >= this.lines.length) return '';
    const text = this.lines[line];
    return text.slice(text.length - breakLength(text));
  }

  update(changes: readonly TextDocumentContentChangeEvent[], version: number): void {
    const edits: TextEdit[] = [];
    let whole = false;
    for (const change of changes) {
      if ('range' in change && change.range !== undefined) edits.push(this.apply(change.range, change.text));
      else {
        this.reset(change.text);
        whole = true;
      }
    }
    this.last = whole ? undefined : { from: this.currentVersion, edits };
    this.currentVersion = version;
  }

  private reset(text: string): void {
    this.lines = splitLines(text);
    this.starts = new Array<number>(this.lines.length);
    let at = 0;
    for (let i = 0; i < this.lines.length; i++) {
      this.starts[i] = at;
      at += this.lines[i].length;
    }
    this.length = text.length;
    this.flat = text;
  }

  /** Replaces `range` with `text`: only the lines it touches are rebuilt. */
  private apply(range: Range, text: string): TextEdit {
    let start = this.offsetAt(range.start);
    let end = this.offsetAt(range.end);
    if (start > end) [start, end] = [end, start];
    const removed = this.slice(start, end);
    let a = this.lineOf(start);
    let b = this.lineOf(end);
    // A line ending in a lone \r meets a \n typed after it: they become one line break.
    if (a > 0 && this.lines[a - 1].endsWith('\r')) a--;
    const regionStart = this.starts[a];
    const region = a === b ? this.lines[a] : this.lines.slice(a, b + 1).join('');
    let local = region.slice(0, start - regionStart) + text + region.slice(end - regionStart);
    // The rebuilt lines end with a line break unless they reach the end of the text.
    while (b + 1 < this.lines.length && (breakLength(local) === 0 || (local.endsWith('\r') && this.lines[b + 1].startsWith('\n')))) local += this.lines[++b];
    const pieces = splitLines(local);
    if (b + 1 < this.lines.length) pieces.pop(); // the empty piece after the last break: the next line follows
    const starts = new Array<number>(pieces.length);
    let at = regionStart;
    for (let i = 0; i < pieces.length; i++) {
      starts[i] = at;
      at += pieces[i].length;
    }
    const count = b - a + 1;
    if (pieces.length < 10_000) {
      this.lines.splice(a, count, ...pieces);
      this.starts.splice(a, count, ...starts);
    } else {
      this.lines = this.lines.slice(0, a).concat(pieces, this.lines.slice(b + 1));
      this.starts = this.starts.slice(0, a).concat(starts, this.starts.slice(b + 1));
    }
    const diff = text.length - (end - start);
    if (diff !== 0) for (let i = a + pieces.length; i < this.starts.length; i++) this.starts[i] += diff;
    this.length += diff;
    this.flat = undefined;
    return { start, end, text, removed };
  }

  /** The line holding `offset` (the last line whose start is at or before it). */
  private lineOf(offset: number): number {
    return lineAt(this.starts, offset);
  }
}

/** What `TextDocuments` builds open documents with. */
export const LINE_DOCUMENTS: TextDocumentsConfiguration<LineDocument> = {
  create: (uri, languageId, version, content) => new LineDocument(uri, languageId, version, content),
  update: (document, changes, version) => {
    document.update(changes, version);
    return document;
  },
};
