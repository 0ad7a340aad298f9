import * as vscode from 'vscode';

const KEY = 'mathcritic.apiKey';

/**
 * The model endpoint's API key lives in VS Code's SecretStorage (the OS keychain), never in
 * settings. It reaches the server as an environment variable of the server process, because
 * LSP messages can be traced to the output channel and environment variables are not.
 */
export async function apiKeyEnv(context: vscode.ExtensionContext): Promise<NodeJS.ProcessEnv> {
  const key = await context.secrets.get(KEY);
  return key ? { MATHCRITIC_API_KEY: key } : {};
}

export async function promptForApiKey(context: vscode.ExtensionContext): Promise<boolean> {
  const value = await vscode.window.showInputBox({
    title: 'MathCritic: API key of the model endpoint',
    prompt: 'Stored in the OS keychain (VS Code SecretStorage), never in settings. Leave empty to remove the key.',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return false;
  if (value.trim() === '') await context.secrets.delete(KEY);
  else await context.secrets.store(KEY, value.trim());
  return true;
}
