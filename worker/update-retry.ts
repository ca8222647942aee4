import {
  defaultGrpcRetryOptions,
  makeGrpcRetryInterceptor,
  type ConnectionOptions,
  type GrpcRetryOptions,
} from '@temporalio/client';

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/** gRPC's RESOURCE_EXHAUSTED status code. */
const GRPC_RESOURCE_EXHAUSTED = 8;

/** The RPCs that carry a workflow update (update-with-start goes as a multi-operation). */
const UPDATE_RPCS = new Set([
  '/temporal.api.workflowservice.v1.WorkflowService/ExecuteMultiOperation',
  '/temporal.api.workflowservice.v1.WorkflowService/UpdateWorkflowExecution',
]);

/**
 * How the activities' Temporal connection retries one RPC. The SDK's default everywhere, except that an
 * update refused with RESOURCE_EXHAUSTED (too many in-flight updates on one workflow) comes back at
 * once: the SDK would wait a second and more before each resend, where the limiter's update batcher
 * (activities/update-batcher.ts) resends after tens of milliseconds, jittered, inside the same attempt.
 */
export function retryOptionsFor(methodPath: string): GrpcRetryOptions {
  const defaults = defaultGrpcRetryOptions();
  if (!UPDATE_RPCS.has(methodPath)) return defaults;
  return {
    ...defaults,
    retryableDecider: (attempt, status) =>
      (status.code as number) !== GRPC_RESOURCE_EXHAUSTED && defaults.retryableDecider(attempt, status),
  };
}

/** The gRPC interceptors of the activities' Temporal connection: {@link retryOptionsFor} per RPC. */
export function activityConnectionInterceptors(): GrpcInterceptor[] {
  const retrying = makeGrpcRetryInterceptor(retryOptionsFor(''));
  const retryingUpdates = makeGrpcRetryInterceptor(retryOptionsFor([...UPDATE_RPCS][0]!));
  return [
    (options, nextCall) =>
      (UPDATE_RPCS.has(options.method_definition.path) ? retryingUpdates : retrying)(options, nextCall),
  ];
}
