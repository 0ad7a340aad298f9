/**
 * The settings per document. In a multi-root workspace each folder may set its own
 * `mathcritic.*` (the manifest scopes them `resource`), so a client that answers
 * `workspace/configuration` is asked with the document's `scopeUri`; many documents go in one
 * request. Until a document's answer is in, it reads the window's settings, which a client
 * without folder overrides answers the same anyway.
 */
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { readClientSettings } from './settings-shape';

/** Asks the client for the `mathcritic` section, one item per scope (`undefined`: the window's). */
export type ConfigurationPull = (scopes: (string | undefined)[]) => Promise<unknown[]>;

export class ScopedSettings {
  private window: Settings = DEFAULT_SETTINGS;
  private readonly byUri = new Map<string, Settings>();
  /** Problems already said, so each is said once. */
  private readonly said = new Set<string>();
  /**
   * What the client pushed (initializationOptions): the answer when a pull comes back empty.
   * Helix, eglot and Neovim answer `null` for a section they were not given, so settings passed
   * only as initialization options would otherwise be replaced by the defaults at the first pull.
   */
  private pushed: unknown;

  /** `pull` is undefined for a client that does not answer `workspace/configuration`. */
  constructor(
    private readonly pull: ConfigurationPull | undefined,
    private readonly warn: (problems: string[]) => void,
  ) {}

  get canPull(): boolean {
    return this.pull !== undefined;
  }

  /** The window's settings (what the services that are not per document read). */
  global(): Settings {
    return this.window;
  }

  /** The settings of `uri`: its own once pulled, else the window's. */
  for(uri: string): Settings {
    return this.byUri.get(uri) ?? this.window;
  }

  /** Settings the client pushed (initializationOptions, or didChangeConfiguration to a client that cannot be asked). */
  setGlobal(raw: unknown): void {
    this.pushed = raw;
    this.window = this.read(raw);
  }

  /** Pulls the window's settings and those of `uris` in one request; returns the uris whose settings changed. */
  async refresh(uris: string[]): Promise<string[]> {
    if (!this.pull) return [];
    const before = new Map(uris.map((u) => [u, JSON.stringify(this.for(u))]));
    const answers = await this.pull([undefined, ...uris]);
    this.window = this.read(answers[0]);
    this.byUri.clear();
    uris.forEach((uri, i) => this.byUri.set(uri, this.read(answers[i + 1])));
    return uris.filter((u) => before.get(u) !== JSON.stringify(this.for(u)));
  }

  /** Pulls the settings of documents not asked about yet; returns those whose settings differ from what they read until now. */
  async load(uris: string[]): Promise<string[]> {
    const missing = uris.filter((u) => !this.byUri.has(u));
    if (!this.pull || missing.length === 0) return [];
    const answers = await this.pull(missing);
    const changed: string[] = [];
    missing.forEach((uri, i) => {
      const s = this.read(answers[i]);
      if (JSON.stringify(s) !== JSON.stringify(this.window)) changed.push(uri);
      this.byUri.set(uri, s);
    });
    return changed;
  }

  forget(uri: string): void {
    this.byUri.delete(uri);
  }

  private read(raw: unknown): Settings {
    const { settings, problems } = readClientSettings(raw ?? this.pushed);
    const fresh = problems.filter((p) => !this.said.has(p));
    fresh.forEach((p) => this.said.add(p));
    if (fresh.length) this.warn(fresh);
    return settings;
  }
}
