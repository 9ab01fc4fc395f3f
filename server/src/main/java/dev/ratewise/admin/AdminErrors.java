package dev.ratewise.admin;

import io.grpc.Status;
import java.util.Locale;

/** Maps admin failures to the HTTP status, the gRPC status code and the JSON error name. */
final class AdminErrors {
  private AdminErrors() {}

  static int httpStatus(AdminException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> 400;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case UNAVAILABLE -> 503;
    };
  }

  static Status grpcStatus(AdminException.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case NOT_FOUND -> Status.NOT_FOUND;
      case CONFLICT -> Status.FAILED_PRECONDITION;
      case UNAVAILABLE -> Status.UNAVAILABLE;
    };
  }

  static int httpStatus(AdminAuth.Verdict verdict) {
    return verdict == AdminAuth.Verdict.UNAUTHENTICATED ? 401 : 403;
  }

  static Status grpcStatus(AdminAuth.Verdict verdict) {
    return verdict == AdminAuth.Verdict.UNAUTHENTICATED
        ? Status.UNAUTHENTICATED
        : Status.PERMISSION_DENIED;
  }

  /** Returns the JSON {@code error} value, such as "not_found" or "permission_denied". */
  static String errorName(Enum<?> kind) {
    return kind.name().toLowerCase(Locale.ROOT);
  }
}
