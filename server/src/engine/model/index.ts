export { ChatEndpoint, EndpointError, serverRoot, type EndpointConfig, type CompletionRequest, type Completion, type CompletionChoice, type PoolingRequest, type Pooled, type EndpointErrorKind } from './endpoint';
export { Semaphore } from './semaphore';
export { withDeadline, DeadlineExceeded, Cancelled } from './deadline';
export { withRetries, totalBudgetMs, type RetryPolicy } from './retry';
