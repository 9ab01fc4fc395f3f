package dev.ratewise.admin;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/** Puts the caller's authorization metadata and peer address into the gRPC context. */
final class CallerInterceptor implements ServerInterceptor {
  static final Context.Key<String> AUTHORIZATION = Context.key("ratewise-admin-authorization");
  static final Context.Key<SocketAddress> REMOTE = Context.key("ratewise-admin-remote");

  private static final Metadata.Key<String> AUTHORIZATION_HEADER =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Context context = Context.current()
        .withValue(AUTHORIZATION, headers.get(AUTHORIZATION_HEADER))
        .withValue(REMOTE, call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
