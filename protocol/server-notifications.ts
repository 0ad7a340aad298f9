/** The server's notifications as typed objects, for the two LSP ends. */
import { NotificationType } from 'vscode-languageserver-protocol';
import { STATUS_NOTIFICATION, type StatusParams } from './server';

export const StatusNotification = new NotificationType<StatusParams>(STATUS_NOTIFICATION);
