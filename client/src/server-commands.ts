import { ExecuteCommandRequest, type CancellationToken, type LanguageClient, type ProgressToken } from 'vscode-languageclient/node';
import type { ServerCommandId, ServerCommands } from '../../protocol/server';

/**
 * Runs a server command, typed by the protocol's ServerCommands map: the arguments are
 * checked here, and the result is what the server's table declares (null when the server
 * does not know the command).
 */
export async function executeServerCommand<C extends ServerCommandId>(
  client: LanguageClient,
  command: C,
  args: ServerCommands[C]['args'],
  options: { token?: CancellationToken; workDoneToken?: ProgressToken } = {},
): Promise<ServerCommands[C]['result'] | null> {
  // workspace/executeCommand's result is `any` on the wire; the server's table is typed by the same map.
  const result: ServerCommands[C]['result'] | null = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken: options.workDoneToken }, options.token);
  return result;
}
