export { ChatEndpoint, EndpointError, type EndpointConfig, type CompletionRequest, type Completion, type EndpointErrorKind } from './endpoint';
export { Semaphore } from './semaphore';
