/**
 * Text for a terminal. A record id, a step or a model's answer printed as it is could carry
 * escape sequences: `ESC[2J` clears the screen, `ESC]8;;https://…` makes a link, `ESC]0;…` sets
 * the window title, a lone CR writes over the start of the line. Controls are shown as their
 * Unicode pictures (␛, ␇, ␍) instead, so the text reads as it was written and does nothing.
 * Tabs and line feeds stay; CRLF becomes LF. `c1: false` leaves DEL and the C1 controls alone:
 * JSON escapes every C0 control but not those, so JSON lines piped to a file stay as they were.
 */
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const C0 = /[\u0000-\u0008\u000b-\u001f]/g;

export function terminalText(text: string, c1 = true): string {
  if (!hasControls(text, c1)) return text;
  return text.replace(/\r\n/g, '\n').replace(c1 ? CONTROLS : C0, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}

function hasControls(text: string, c1: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || (c1 && c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}
