package dev.ratewise.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.store.redis.RedisStoreException.Kind;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Translates the exceptions Lettuce and futures produce into the store's failure kinds. */
class RedisFailuresTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(new RedisCommandTimeoutException("Command timed out after 15 ms"),
            Kind.TIMEOUT),
        Arguments.of(new RedisConnectionException("Unable to connect"), Kind.CONNECTION),
        Arguments.of(new RedisException("Currently not connected. Commands are rejected."),
            Kind.CONNECTION),
        Arguments.of(new IOException("Connection reset by peer"), Kind.CONNECTION),
        Arguments.of(new RedisCommandExecutionException("WRONGTYPE Operation against a key"),
            Kind.COMMAND),
        Arguments.of(new CompletionException(
            new RedisCommandTimeoutException("Command timed out")), Kind.TIMEOUT),
        Arguments.of(new ExecutionException(new CompletionException(
            new RedisConnectionException("refused"))), Kind.CONNECTION));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void lettuceFailure_translatedToKind(Throwable failure, Kind expected) {
    RedisStoreException translated = RedisFailures.translate(failure, "EVALSHA", "redis://h:1");

    assertEquals(expected, translated.kind());
    assertTrue(translated.getMessage().contains("EVALSHA on redis://h:1"),
        translated.getMessage());
  }

  @Test
  void interrupt_restoresInterruptFlag() {
    RedisStoreException translated;
    try {
      translated = RedisFailures.translate(new RedisCommandInterruptedException(
          new InterruptedException()), "SCRIPT LOAD", "redis://h:1");
    } finally {
      assertTrue(Thread.interrupted(), "interrupt flag set, and cleared here");
    }

    assertEquals(Kind.INTERRUPTED, translated.kind());
  }

  @Test
  void translatedFailure_passesThroughUnchanged() {
    RedisStoreException original = RedisFailures.translate(
        new RedisConnectionException("refused"), "PING", "redis://h:1");

    RedisStoreException again = RedisFailures.translate(new CompletionException(original),
        "EVALSHA", "redis://h:1");

    assertSame(original, again);
  }

  @Test
  void noScriptReply_recognised() {
    assertTrue(RedisFailures.isNoScript(new CompletionException(
        new RedisNoScriptException("NOSCRIPT No matching script."))));
    assertFalse(RedisFailures.isNoScript(new RedisCommandExecutionException("WRONGTYPE")));
  }
}
