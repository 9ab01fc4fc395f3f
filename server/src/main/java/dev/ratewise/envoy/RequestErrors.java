package dev.ratewise.envoy;

import io.grpc.Status;

/** Builds the INVALID_ARGUMENT statuses for malformed requests, each naming the field. */
final class RequestErrors {
  private RequestErrors() {}

  static Status invalid(String field, String problem) {
    return Status.INVALID_ARGUMENT.withDescription(field + ": " + problem);
  }
}
