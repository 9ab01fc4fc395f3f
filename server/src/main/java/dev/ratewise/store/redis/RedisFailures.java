package dev.ratewise.store.redis;

import dev.ratewise.store.redis.RedisStoreException.Kind;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Translates Lettuce and future exceptions into {@link RedisStoreException}. Every Redis call of
 * the store passes its failure through here, so timeouts, lost connections and error replies are
 * distinguished in one place.
 */
final class RedisFailures {
  private RedisFailures() {}

  /**
   * Returns the failure as a {@link RedisStoreException} naming the command and the store. An
   * interrupt restores the current thread's interrupt flag.
   */
  static RedisStoreException translate(Throwable failure, String command, String store) {
    Throwable cause = unwrap(failure);
    if (cause instanceof RedisStoreException translated) {
      return translated;
    }
    Kind kind = kindOf(cause);
    if (kind == Kind.INTERRUPTED) {
      Thread.currentThread().interrupt();
    }
    return new RedisStoreException(kind,
        describe(kind) + ": " + command + " on " + store + ": " + cause.getMessage(), cause);
  }

  /** Returns whether Redis does not hold the script, because it restarted or was flushed. */
  static boolean isNoScript(Throwable failure) {
    Throwable cause = unwrap(failure);
    return cause instanceof RedisNoScriptException
        || cause instanceof RedisCommandExecutionException
            && cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT");
  }

  static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static Kind kindOf(Throwable cause) {
    if (cause instanceof InterruptedException
        || cause instanceof RedisCommandInterruptedException) {
      return Kind.INTERRUPTED;
    }
    if (cause instanceof RedisCommandTimeoutException || cause instanceof TimeoutException) {
      return Kind.TIMEOUT;
    }
    if (cause instanceof RedisCommandExecutionException) {
      return Kind.COMMAND;
    }
    // With DisconnectedBehavior.REJECT_COMMANDS, Lettuce fails a command sent while the
    // connection is down with a plain RedisException. A connection that closes while a command
    // waits for its reply fails that command with an IOException or a cancellation.
    if (cause instanceof RedisConnectionException || cause instanceof RedisException
        || cause instanceof IOException || cause instanceof CancellationException) {
      return Kind.CONNECTION;
    }
    return Kind.COMMAND;
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case TIMEOUT -> "Redis timed out";
      case CONNECTION -> "Redis is not connected";
      case COMMAND -> "Redis command failed";
      case INTERRUPTED -> "interrupted while waiting for Redis";
    };
  }
}
