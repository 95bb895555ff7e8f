export { LiveStatus, type LiveStatusEvents, type LiveStatusOptions, type StatusView } from './live-status.js';
export { MemoryReadSide } from './memory-read-side.js';
export { type MetricsInput, type MetricsSnapshot, renderMetrics } from './metrics-text.js';
export {
  type ApiError,
  type ApiErrorCode,
  type ApiStatus,
  apiErrorCodes,
  isApiError,
  MAX_READINGS_WINDOW_MS,
} from './query.js';
export { type RunningStatusHttp, type StatusHttpOptions, startStatusHttp } from './start-http.js';
export type { StatusReadSide } from './status-api.js';
export {
  parseListen,
  type RunningStatusServer,
  type StatusServerOptions,
  startStatusServer,
} from './status-server.js';
export { feedStatusFromWorker, type StoredMessages } from './worker-feed.js';
