import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TestLspClient, fileUri, PULL_CLIENT } from '../support/lsp-client';
import { readClientSettings } from '../../server/src/lsp/settings-shape';
import { FINDING_CODES } from '../../server/src/engine/check';

const examples = path.resolve(__dirname, '../../examples');
const bakeryPath = path.join(examples, 'bakery.solution.md');
const bakery = readFileSync(bakeryPath, 'utf8');
/** What Neovim 0.8 and later declare about the workspace (runtime/lua/vim/lsp/protocol.lua): configuration, and no dynamic registration for it. */
const NEOVIM = {
  workspace: { configuration: true, workspaceFolders: true, applyEdit: true, didChangeConfiguration: { dynamicRegistration: false } },
  textDocument: { synchronization: { dynamicRegistration: false } },
};
/** eglot declares no `didChangeConfiguration.dynamicRegistration` at all. */
const EGLOT = { workspace: { configuration: true, workspaceFolders: true, applyEdit: true }, textDocument: {} };

const messages = (client: TestLspClient, method: string) => client.notifications.filter((n) => n.method === method).map((n) => (n.params as { message: string }).message);
const settle = () => new Promise((r) => setTimeout(r, 300));

describe('registration', () => {
  for (const [name, capabilities] of [
    ['Neovim', NEOVIM],
    ['eglot', EGLOT],
  ] as const) {
    test(`${name}: nothing is registered dynamically, settings are still pulled, diagnostics pushed`, async () => {
      const client = new TestLspClient({ severity: { 'wrong-equation': 'warning' } });
      try {
        const caps = await client.initialize(undefined, { capabilities });
        const uri = fileUri(bakeryPath);
        client.open(uri, bakery);
        const { diagnostics } = await client.waitForVersion(uri, 1);
        await settle();
        assert.deepEqual(client.registrations, [], 'no client/registerCapability');
        assert.equal(diagnostics.find((d) => d.code === 'wrong-equation')?.severity, 2, 'the pulled settings apply');
        assert.equal(caps.diagnosticProvider, undefined, 'no pull diagnostics for a client without them');
        assert.equal(caps.inlayHintProvider, undefined, 'no inlay hints for a client without them');
        assert.deepEqual(caps.workspace, { workspaceFolders: { supported: true, changeNotifications: true } });
      } finally {
        await client.shutdown();
      }
    });
  }

  test('a client that takes dynamic registrations (VS Code) gets the configuration and the file watcher registered', async () => {
    const client = new TestLspClient({});
    try {
      const caps = await client.initialize(undefined, { capabilities: PULL_CLIENT });
      for (let i = 0; i < 40 && client.registrations.length < 2; i++) await settle();
      assert.deepEqual(client.registrations.map((r) => r.method).sort(), ['workspace/didChangeConfiguration', 'workspace/didChangeWatchedFiles']);
      assert.deepEqual(caps.inlayHintProvider, { resolveProvider: false });
      assert.ok(caps.diagnosticProvider);
    } finally {
      await client.shutdown();
    }
  });
});

describe('settings shapes', () => {
  test('the section, `{ mathcritic: … }` and dotted keys all read the same; other servers’ sections are left alone', () => {
    const want = readClientSettings({ severity: { 'wrong-equation': 'off' }, critic: { samples: 4 } }).settings;
    assert.equal(want.severity['wrong-equation'], 'off');
    assert.equal(want.critic.samples, 4);
    for (const shape of [
      { mathcritic: { severity: { 'wrong-equation': 'off' }, critic: { samples: 4 } }, pylsp: { x: 1 } },
      { 'mathcritic.severity': { 'wrong-equation': 'off' }, 'mathcritic.critic.samples': 4 },
      { 'severity.wrong-equation': 'off', 'critic.samples': 4 },
      { mathcritic: { 'critic.samples': 4, severity: { 'wrong-equation': 'off' } } },
    ]) {
      const { settings, problems } = readClientSettings(shape);
      assert.deepEqual(settings, want, JSON.stringify(shape));
      assert.deepEqual(problems, [], JSON.stringify(shape));
    }
  });

  test('what is not used is named: unknown keys, bad values, a bad severity entry, trust in settings', () => {
    const { problems } = readClientSettings({ critic: { temprature: 0.5, samples: 'four' }, severity: { 'wrong-eqation': 'warning' }, trusted: true, curator: { defaultPattern: 'x' } });
    assert.deepEqual(problems, [
      'mathcritic.critic.temprature is not a setting (see the README, "Settings")',
      'mathcritic.critic.samples: "four" is not a valid value, so 1 is used',
      `mathcritic.severity: wrong-eqation is not a finding code (codes: ${FINDING_CODES.join(', ')}) (so no entry of mathcritic.severity is used)`,
      'mathcritic.trusted is not a setting: trust comes from the client (initializationOptions.trusted), never from settings a workspace could carry',
    ]);
    // Lua's empty table arrives as [] and means "nothing set".
    assert.deepEqual(readClientSettings({ severity: [], critic: [] }).problems, []);
  });

  test('initializationOptions in the natural shape reach the checker, and a dropped key is said in a message', async () => {
    const client = new TestLspClient({});
    try {
      await client.initialize({ settings: { mathcritic: { severity: { 'wrong-equation': 'hint' } } }, trusted: true, settingz: {} }, { capabilities: { workspace: {} } });
      const uri = fileUri(bakeryPath);
      client.open(uri, bakery);
      const { diagnostics } = await client.waitForVersion(uri, 1);
      assert.equal(diagnostics.find((d) => d.code === 'wrong-equation')?.severity, 4);
      for (let i = 0; i < 20 && !messages(client, 'window/showMessage').some((m) => /settingz/.test(m)); i++) await settle();
      assert.ok(
        messages(client, 'window/showMessage').some((m) => /initializationOptions\.settingz is not read/.test(m)),
        JSON.stringify(client.notifications),
      );
      // A client that cannot be asked: didChangeConfiguration carries the settings, in the same shapes.
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { mathcritic: { severity: { 'wrong-equation': 'off' } } } });
      await client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'wrong-equation'));
      void client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { 'mathcritic.severity': { 'wrong-equation': 'warning' } } });
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'wrong-equation' && d.severity === 2));
    } finally {
      await client.shutdown();
    }
  });

  test('a model critic configured without trust is named, not silently off', async () => {
    const client = new TestLspClient({ critic: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } });
    try {
      await client.initialize({});
      await settle();
      for (let i = 0; i < 20 && !messages(client, 'window/showMessage').length; i++) await settle();
      assert.ok(
        messages(client, 'window/showMessage').some((m) => /not say the workspace is trusted.*initializationOptions = \{ trusted = true \}/.test(m)),
        JSON.stringify(client.notifications),
      );
    } finally {
      await client.shutdown();
    }
  });
});
