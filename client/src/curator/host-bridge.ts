/**
 * What the extension host does with a message from the curator page, without vscode: the
 * provider plugs in the LanguageClient and the webview; the browser test plugs in a fake
 * server, so the forwarding the person relies on is the code the test runs.
 */
import { CURATOR_LABEL, type CuratorOpenResult, type HostToWebview } from '../../../protocol/curator';
import { OPEN_RESPONSE_ID, parsePageRequest, parseWebviewMessage } from './messages';

export interface BridgeDeps {
  post(message: HostToWebview): unknown;
  /** Sends one LSP request for this dataset (the implementation adds the document's `uri`). */
  request(method: string, params: Record<string, unknown>): Promise<unknown>;
  /** The dataset's CURATOR_OPEN result (done once, retried after a failure). */
  open(): Promise<CuratorOpenResult>;
  /** "Export…" from the page. */
  exportDataset(): unknown;
  /** A label was stored: other views of the same dataset should redraw. */
  labelled?(): void;
  log(line: string): void;
}

import { errorText } from '../redact';

export { errorText };

/** Handles one message from the page. Never throws: bad messages are logged and ignored. */
export async function handlePageMessage(data: unknown, deps: BridgeDeps): Promise<void> {
  const parsed = parseWebviewMessage(data);
  if (!parsed.ok) {
    deps.log(`curator: ignored a message from the page: ${parsed.why}`);
    return;
  }
  const m = parsed.message;
  switch (m.type) {
    case 'ready':
      try {
        deps.post({ type: 'open', result: await deps.open() });
      } catch (err) {
        deps.post({ type: 'response', id: OPEN_RESPONSE_ID, error: `could not open the dataset: ${errorText(err)}` });
      }
      return;
    case 'export':
      try {
        await deps.exportDataset();
      } catch (err) {
        deps.log(`curator: export failed: ${errorText(err)}`);
      }
      return;
    case 'request': {
      const req = parsePageRequest(m.method, m.params);
      if (!req.ok) {
        deps.log(`curator: refused a request from the page: ${req.why}`);
        deps.post({ type: 'response', id: m.id, error: `refused: ${req.why}` });
        return;
      }
      try {
        const result = await deps.request(req.method, req.params);
        deps.post({ type: 'response', id: m.id, result });
        if (req.method === CURATOR_LABEL) deps.labelled?.();
      } catch (err) {
        deps.post({ type: 'response', id: m.id, error: errorText(err) });
      }
      return;
    }
  }
}
