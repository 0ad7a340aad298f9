/**
 * The curator's LSP requests as typed objects, for the two LSP ends (the server registers
 * them, the client sends them): params and result are checked at both. The webview, which
 * bundles no LSP library, uses the type-only CuratorPageMethods map in curator.ts.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import {
  CURATOR_CHANGED,
  CURATOR_PROGRESS,
  CURATOR_CLOSE,
  CURATOR_EXPORT,
  CURATOR_FIND,
  CURATOR_LABEL,
  CURATOR_OPEN,
  CURATOR_RECORD,
  CURATOR_STATS,
  type CuratorChangedParams,
  type CuratorProgressParams,
  type CuratorCloseParams,
  type CuratorExportParams,
  type CuratorExportResult,
  type CuratorFindParams,
  type CuratorFindResult,
  type CuratorLabelParams,
  type CuratorLabelResult,
  type CuratorOpenParams,
  type CuratorOpenResult,
  type CuratorRecordParams,
  type CuratorRecordResult,
  type CuratorStatsParams,
  type CuratorStatsResult,
} from './curator';

export const CuratorRequests = {
  open: new RequestType<CuratorOpenParams, CuratorOpenResult, void>(CURATOR_OPEN),
  record: new RequestType<CuratorRecordParams, CuratorRecordResult, void>(CURATOR_RECORD),
  find: new RequestType<CuratorFindParams, CuratorFindResult, void>(CURATOR_FIND),
  label: new RequestType<CuratorLabelParams, CuratorLabelResult, void>(CURATOR_LABEL),
  stats: new RequestType<CuratorStatsParams, CuratorStatsResult, void>(CURATOR_STATS),
  export: new RequestType<CuratorExportParams, CuratorExportResult, void>(CURATOR_EXPORT),
  close: new RequestType<CuratorCloseParams, null, void>(CURATOR_CLOSE),
} as const;

export const CuratorChangedNotification = new NotificationType<CuratorChangedParams>(CURATOR_CHANGED);
export const CuratorProgressNotification = new NotificationType<CuratorProgressParams>(CURATOR_PROGRESS);
