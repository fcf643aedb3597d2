package dev.aggregation.apiserver.storage.etcd;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Gives every unary call to etcd a gRPC deadline; jetcd has no per-call timeout of its own. With the deadline
 * gRPC cancels the call itself, so a write the apiserver gave up on is never sent later, when the connection
 * comes back. Streams (watches) have no deadline: they live until closed.
 */
final class UnaryDeadline implements ClientInterceptor {
  private final long millis;

  UnaryDeadline(Duration timeout) {
    this.millis = timeout.toMillis();
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    boolean unary = method.getType() == MethodDescriptor.MethodType.UNARY;
    return next.newCall(
        method, unary && options.getDeadline() == null ? options.withDeadlineAfter(millis, TimeUnit.MILLISECONDS) : options);
  }
}
