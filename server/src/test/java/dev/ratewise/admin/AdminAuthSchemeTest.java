package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Bearer scheme name was matched case-sensitively, so a client that sent
 * {@code authorization: bearer <token>} was told its token was missing. RFC 7235 section 2.1 makes
 * scheme names case-insensitive.
 */
class AdminAuthSchemeTest {
  private static final SocketAddress REMOTE = new InetSocketAddress("10.1.2.3", 40000);

  @ParameterizedTest
  @CsvSource({"Bearer s3cret, ALLOWED", "bearer s3cret, ALLOWED", "BEARER s3cret, ALLOWED",
      "bearer wrong, UNAUTHENTICATED", "Basic s3cret, UNAUTHENTICATED",
      "Bearers3cret, UNAUTHENTICATED"})
  void schemeName_isCaseInsensitive(String header, AdminAuth.Verdict expected) {
    AdminAuth auth = new AdminAuth("s3cret");

    AdminAuth.Decision decision = auth.check(header, REMOTE);

    assertEquals(expected, decision.verdict());
  }
}
