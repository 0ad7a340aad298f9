/**
 * The README's Neovim setup, run as written in Debian's `neovim` (0.7.2) on an example:
 * the Lua block under "#### Neovim 0.7 to 0.10" is taken from README.md (so the README cannot
 * rot), only the placeholder path is replaced with this checkout, and a few lines appended wait
 * for the diagnostics and write them out. Neovim's LSP log must not carry its warning about a
 * server that registers capabilities the client did not offer. The 0.11 block is parsed by
 * Neovim's Lua (Debian ships no 0.11 to run it). `npm run test:neovim` (after `npm run build`;
 * CI installs `neovim` with apt-get).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The first ```lua block after `heading`. */
function luaBlock(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  assert.ok(at >= 0, `README.md has no "${heading}" heading`);
  const m = /```lua\n([\s\S]*?)\n```/.exec(readme.slice(at));
  assert.ok(m, `README.md: no lua block under "${heading}"`);
  return m[1];
}

/** Where the README says `/path/to/mathcritic`, this checkout. */
const placed = (lua: string) => {
  assert.match(lua, /\/path\/to\/mathcritic\/dist\/server\.js/, 'the README config names dist/server.js under /path/to/mathcritic');
  return lua.split('/path/to/mathcritic').join(root);
};

function nvim(dir: string, args: string[]) {
  const home = path.join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
  };
  const r = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', ...args], { cwd: dir, env, encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.error, undefined, `nvim could not run (is Debian's neovim installed? apt-get install -y neovim): ${String(r.error)}`);
  return { ...r, home };
}

test("the README's Neovim 0.7 config, in Neovim: the example's diagnostics, the README's settings applied, no registration warning", () => {
  assert.ok(existsSync(path.join(root, 'dist/server.js')), 'npm run build first');
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-nvim-'));
  copyFileSync(path.join(root, 'examples/bakery.solution.md'), path.join(dir, 'bakery.solution.md'));
  const out = path.join(dir, 'diagnostics.json');
  const harness = `
-- Appended by test/editors/neovim.nvim.ts: wait until the diagnostics settle, write them, quit.
local out, started, last, stable = ${JSON.stringify(out)}, vim.loop.now(), -1, 0
local timer = vim.loop.new_timer()
timer:start(200, 200, vim.schedule_wrap(function()
  local diags = vim.diagnostic.get(vim.fn.bufnr('bakery.solution.md'))
  if #diags > 0 and #diags == last then stable = stable + 1 else stable = 0 end
  last = #diags
  if stable >= 5 or vim.loop.now() - started > 60000 then
    timer:stop()
    local clients = {}
    for _, c in pairs(vim.lsp.get_active_clients()) do table.insert(clients, c.name) end
    local f = io.open(out, 'w')
    f:write(vim.fn.json_encode({ clients = clients, diagnostics = diags, log = vim.lsp.get_log_path() }))
    f:close()
    vim.cmd('qa!')
  end
end))
`;
  writeFileSync(path.join(dir, 'init.lua'), placed(luaBlock('#### Neovim 0.7 to 0.10')) + '\n' + harness);
  const r = nvim(dir, ['-u', path.join(dir, 'init.lua'), 'bakery.solution.md']);
  assert.ok(existsSync(out), `Neovim wrote no diagnostics (exit ${r.status}): ${r.stderr}${r.stdout}`);
  const got = JSON.parse(readFileSync(out, 'utf8')) as {
    clients: string[];
    diagnostics: { lnum: number; col: number; severity: number; message: string; source?: string; user_data?: { lsp?: { code?: string } } }[];
    log: string;
  };
  assert.deepEqual(got.clients, ['mathcritic']);
  const found = got.diagnostics.map((d) => ({ line: d.lnum + 1, col: d.col + 1, severity: d.severity, code: d.user_data?.lsp?.code, source: d.source })).sort((a, b) => a.line - b.line);
  // vim.diagnostic.severity: 1 ERROR, 2 WARN.
  assert.deepEqual(found, [
    { line: 12, col: 28, severity: 1, code: 'wrong-equation', source: 'mathcritic' },
    { line: 18, col: 15, severity: 2, code: 'wrong-final-answer', source: 'mathcritic' },
  ]);
  assert.match(got.diagnostics.find((d) => d.lnum === 11)!.message, /5 \+ 3 × 2 = 16 is wrong: 5 \+ 3 × 2 = 11/);
  const log = existsSync(got.log) ? readFileSync(got.log, 'utf8') : '';
  assert.doesNotMatch(log, /registerCapability|dynamicRegistration/, `Neovim's LSP log warns: ${log}`);
  assert.doesNotMatch(log, /\[ERROR\]/, `Neovim's LSP log has errors: ${log}`);
});

test("the README's Neovim 0.11 config is valid Lua", () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mathcritic-nvim-'));
  writeFileSync(path.join(dir, 'config.lua'), placed(luaBlock('#### Neovim 0.11 and later')));
  const result = path.join(dir, 'parsed.txt');
  const lua = `local f = io.open(${JSON.stringify(path.join(dir, 'config.lua'))}):read('*a'); local fn, err = loadstring(f); local o = io.open(${JSON.stringify(result)}, 'w'); o:write(fn and 'ok' or err); o:close()`;
  nvim(dir, ['-u', 'NONE', '-c', `lua ${lua}`, '-c', 'qa!']);
  assert.equal(readFileSync(result, 'utf8'), 'ok');
});
