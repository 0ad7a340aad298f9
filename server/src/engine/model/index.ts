export { ChatEndpoint, EndpointError, type EndpointConfig, type CompletionRequest, type Completion, type EndpointErrorKind } from './endpoint';
export { Semaphore } from './semaphore';
export { withDeadline, DeadlineExceeded, Cancelled } from './deadline';
export { withRetries, totalBudgetMs, type RetryPolicy } from './retry';
