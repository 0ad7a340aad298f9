import { ChatEndpoint } from '../engine/model';
import type { Settings } from './settings';

/**
 * One client per configured endpoint for the whole server, so the concurrency limit and the
 * "server refuses response_format" memory are shared by the critic, the quick fixes and Solve.
 * The actor's empty settings fall back to the critic's: one server can play both parts.
 */
const clients = new Map<string, ChatEndpoint>();

function endpoint(baseUrl: string, model: string, settings: Settings, apiKey?: string): ChatEndpoint {
  const key = JSON.stringify([baseUrl, model, settings.critic.timeoutMs, settings.critic.concurrency, apiKey ? 'key' : '']);
  let client = clients.get(key);
  if (!client) {
    client = new ChatEndpoint({ baseUrl, model, apiKey, timeoutMs: settings.critic.timeoutMs, concurrency: settings.critic.concurrency });
    clients.set(key, client);
  }
  return client;
}

export function criticEndpoint(settings: Settings, apiKey?: string): ChatEndpoint {
  return endpoint(settings.critic.baseUrl, settings.critic.model, settings, apiKey);
}

export function actorEndpoint(settings: Settings, apiKey?: string): ChatEndpoint {
  return endpoint(settings.actor.baseUrl || settings.critic.baseUrl, settings.actor.model || settings.critic.model, settings, apiKey);
}
