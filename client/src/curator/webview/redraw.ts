/**
 * How a module asks for the page to be redrawn. The drawing (view.ts) imports the modules that
 * change the state, so they cannot import it back; main.ts registers it here instead.
 */
let draw: () => void = () => undefined;

export function setRenderer(f: () => void): void {
  draw = f;
}

export function render(): void {
  draw();
}
