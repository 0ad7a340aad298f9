/**
 * Text that an editor shows in a notification. VS Code turns `[label](target)` there into a
 * link, and a `command:` target runs a command when clicked: a record id, a file name or an
 * endpoint's error body shown in a notice could carry one. The bracket and the parenthesis are
 * kept apart, so the text reads the same and links nothing.
 */
export function inertLinks(text: string): string {
  return text.includes('](') ? text.replace(/\]\(/g, '] (') : text;
}
