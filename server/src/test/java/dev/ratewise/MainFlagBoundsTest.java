package dev.ratewise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Out-of-range flag values once reached gRPC, Netty or the schedulers. A zero tuning interval
 * ran cycles back to back, and a huge store timeout failed every request on a nanosecond
 * overflow. A negative message size or a busy port ended the start with a stack trace.
 */
class MainFlagBoundsTest {
  @TempDir Path stateDir;

  @ParameterizedTest
  @ValueSource(strings = {"--grpc-port=-1", "--grpc-port=70000", "--http-port=65536",
      "--max-message-size=0", "--max-message-size=-5", "--near-limit-ratio=2",
      "--near-limit-ratio=0", "--near-limit-ratio=NaN", "--store-timeout=0ms",
      "--store-timeout=99999999999h", "--config-poll-interval=0s", "--tuning-interval=0s",
      "--keepalive-permit=0s", "--max-connection-age=0ms", "--ttl-jitter=9999999h",
      "--shutdown-grace=99999999999h"})
  void outOfRangeFlag_isRejectedWithItsName(String flag) {
    Main main = new Main();
    new CommandLine(main).parseArgs(flag);

    CommandLine.ParameterException e =
        assertThrows(CommandLine.ParameterException.class, main::toSettings);

    String name = flag.substring(0, flag.indexOf('='));
    assertTrue(e.getMessage().contains(name), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--grpc-port=0", "--http-port=65535", "--near-limit-ratio=1",
      "--store-timeout=1ms", "--tuning-interval=1s", "--ttl-jitter=0s"})
  void boundaryFlag_isAccepted(String flag) {
    Main main = new Main();
    new CommandLine(main).parseArgs(flag);

    ServerSettings settings = main.toSettings();

    assertTrue(settings.grpcPort() >= 0, flag);
  }

  @Test
  void busyGrpcPort_exitsCleanly() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main()).setErr(new PrintWriter(err));

    int exitCode;
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      exitCode = commandLine.execute("--bind-address=127.0.0.1", "--http-port=0",
          "--grpc-port=" + busy.getLocalPort(), "--ollama-url=off", "--no-tuning",
          "--state-dir=" + stateDir);
    }

    assertEquals(1, exitCode);
    assertEquals("", err.toString());
  }

  @Test
  void unknownRedisScheme_exitsCleanly() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new Main()).setErr(new PrintWriter(err));

    int exitCode = commandLine.execute("--bind-address=127.0.0.1", "--http-port=0",
        "--grpc-port=0", "--ollama-url=off", "--no-tuning", "--state-dir=" + stateDir,
        "--redis-url=foo://127.0.0.1:1");

    assertEquals(2, exitCode);
    assertEquals("", err.toString());
  }
}
