package dev.ratewise.envoy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The source address rule of the HTTP check: X-Real-IP counts only from a loopback peer. */
class HttpAuthorizationTest {
  @ParameterizedTest(name = "peer {0}, X-Real-IP {1}")
  @CsvSource(nullValues = "null", value = {
      "127.0.0.1, 198.51.100.1, 198.51.100.1",
      "127.0.0.53, ' 198.51.100.2 ', 198.51.100.2",
      "0:0:0:0:0:0:0:1, 2001:db8::7, 2001:db8::7",
      "::1, 2001:db8::8, 2001:db8::8",
      "::ffff:127.0.0.1, 198.51.100.3, 198.51.100.3",
      "127.0.0.1, null, 127.0.0.1",
      "127.0.0.1, '   ', 127.0.0.1",
      "203.0.113.9, 198.51.100.1, 203.0.113.9",
      "10.0.0.1, 127.0.0.1, 10.0.0.1",
      "1270.0.0.1, 198.51.100.1, 1270.0.0.1",
  })
  void sourceAddress_trustsRealIpFromLoopbackOnly(String peer, String realIp, String expected) {

    String address = HttpAuthorization.sourceAddress(peer, realIp);

    assertEquals(expected, address);
  }

  @ParameterizedTest(name = "X-Real-IP of {0} characters")
  @CsvSource({"64, true", "65, false"})
  void sourceAddress_ignoresOverlongRealIp(int length, boolean used) {
    String realIp = "a".repeat(length);

    String address = HttpAuthorization.sourceAddress("127.0.0.1", realIp);

    assertEquals(used ? realIp : "127.0.0.1", address);
  }
}
