package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Checks who may change state, for every mix of configured token, header and address. */
class AdminAuthTest {
  private static final SocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 40000);
  private static final SocketAddress LOOPBACK_V6 = new InetSocketAddress("::1", 40000);
  private static final SocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);

  private record Case(String name, String token, String header, SocketAddress caller,
      AdminAuth.Verdict expected) {}

  @TestFactory
  Stream<DynamicTest> caller_getsVerdict() {
    return Stream.of(
            new Case("no token, loopback", null, null, LOOPBACK, AdminAuth.Verdict.ALLOWED),
            new Case("no token, IPv6 loopback", null, null, LOOPBACK_V6,
                AdminAuth.Verdict.ALLOWED),
            new Case("blank token, loopback", " ", null, LOOPBACK, AdminAuth.Verdict.ALLOWED),
            new Case("no token, remote", null, null, REMOTE,
                AdminAuth.Verdict.PERMISSION_DENIED),
            new Case("no token, remote with a header", null, "Bearer guess", REMOTE,
                AdminAuth.Verdict.PERMISSION_DENIED),
            new Case("no token, unknown address", null, null, null,
                AdminAuth.Verdict.PERMISSION_DENIED),
            new Case("token, right header, remote", "s3cret", "Bearer s3cret", REMOTE,
                AdminAuth.Verdict.ALLOWED),
            new Case("token, right header, loopback", "s3cret", "Bearer s3cret", LOOPBACK,
                AdminAuth.Verdict.ALLOWED),
            new Case("token, missing header, loopback", "s3cret", null, LOOPBACK,
                AdminAuth.Verdict.UNAUTHENTICATED),
            new Case("token, wrong header", "s3cret", "Bearer s3cre", LOOPBACK,
                AdminAuth.Verdict.UNAUTHENTICATED),
            new Case("token, longer header", "s3cret", "Bearer s3cret2", LOOPBACK,
                AdminAuth.Verdict.UNAUTHENTICATED),
            new Case("token, Basic scheme", "s3cret", "Basic s3cret", LOOPBACK,
                AdminAuth.Verdict.UNAUTHENTICATED),
            new Case("token, bare token", "s3cret", "s3cret", LOOPBACK,
                AdminAuth.Verdict.UNAUTHENTICATED))
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          AdminAuth auth = new AdminAuth(c.token());

          AdminAuth.Decision decision = auth.check(c.header(), c.caller());

          assertEquals(c.expected(), decision.verdict(), decision.message());
        }));
  }

  private record HostCase(String host, boolean loopback) {}

  @TestFactory
  Stream<DynamicTest> hostHeader_isLoopbackOrNot() {
    return Stream.of(
            new HostCase("localhost:8080", true),
            new HostCase("LOCALHOST", true),
            new HostCase("127.0.0.1:8080", true),
            new HostCase("127.3.2.1", true),
            new HostCase("[::1]:8080", true),
            new HostCase("rebind.evil.example:8080", false),
            new HostCase("localhost.evil.example", false),
            new HostCase("127.0.0.1.evil.example", false),
            new HostCase("10.0.0.1:8080", false),
            new HostCase("", false),
            new HostCase(null, false))
        .map(c -> DynamicTest.dynamicTest("host '" + c.host() + "'",
            () -> assertEquals(c.loopback(), AdminHttp.isLoopbackHost(c.host()))));
  }
}
