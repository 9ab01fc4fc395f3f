package dev.ratewise.envoy;

import static dev.ratewise.testing.EnvoyCheckRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.testing.EnvoyCheckRequests;
import dev.ratewise.testing.EnvoyUpstreamHeaders;
import dev.ratewise.testing.MutableClock;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ext_authz Check on an in-process gRPC server with the bundled config and a fake clock, so
 * every window is exact. Envoy cannot run here: {@link EnvoyCheckRequests} builds requests as
 * Envoy's filter does, and {@link EnvoyUpstreamHeaders} applies responses as Envoy does.
 */
class AuthorizationGrpcServiceTest {
  /** A quarter into a second, so every per-second window resets in 1 s. */
  private static final Instant START = Instant.parse("2026-01-05T10:00:00.250Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MutableClock clock = new MutableClock(START);
  private CheckHarness harness;

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private CheckResponse check(RatewiseConfig config, EnvoyCheckRequests request) throws Exception {
    if (harness == null) {
      harness = CheckHarness.local(config, clock);
    }
    return harness.stub.check(request.build());
  }

  @Test
  void enterpriseKey_allowedFifteenTimesThenRateLimited() throws Exception {
    RatewiseConfig config = Configs.bundled();

    for (int i = 1; i <= 15; i++) {
      CheckResponse allowed = check(config, request().apiKey("ent-acme-key"));
      assertEquals(Status.Code.OK.value(), allowed.getStatus().getCode(), "request " + i);
      assertEquals(Long.toString(15 - i), responseHeader(allowed, "RateLimit-Remaining"));
    }
    CheckResponse denied = check(config, request().apiKey("ent-acme-key"));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), denied.getStatus().getCode());
    assertTrue(denied.hasDeniedResponse());
    assertEquals(429, denied.getDeniedResponse().getStatus().getCodeValue());
    assertEquals("1", responseHeader(denied, "Retry-After"));
    assertEquals("15", responseHeader(denied, "RateLimit-Limit"));
    assertEquals("0", responseHeader(denied, "RateLimit-Remaining"));
    assertEquals("1", responseHeader(denied, "RateLimit-Reset"));
    assertEquals("application/json", responseHeader(denied, "content-type"));
    JsonNode body = JSON.readTree(denied.getDeniedResponse().getBody());
    assertEquals("rate_limited", body.get("error").asText());
    assertEquals("enterprise", body.get("tier").asText());
    assertEquals(1, body.get("retry_after_seconds").asLong());
  }

  @Test
  void nextSecond_allowsEnterpriseKeyAgain() throws Exception {
    RatewiseConfig config = Configs.bundled();
    for (int i = 0; i < 16; i++) {
      check(config, request().apiKey("ent-acme-key"));
    }

    clock.advance(Duration.ofSeconds(1));
    CheckResponse next = check(config, request().apiKey("ent-acme-key"));

    assertEquals(Status.Code.OK.value(), next.getStatus().getCode());
    assertEquals("14", responseHeader(next, "RateLimit-Remaining"));
  }

  static Stream<Arguments> callersWithOwnLimits() {
    return Stream.of(
        Arguments.of("free tenant alice", request().apiKey("free-alice-key"), 3),
        Arguments.of("free tenant bob", request().apiKey("free-bob-key"), 3),
        Arguments.of("anonymous 198.51.100.7", request().from("198.51.100.7"), 2),
        Arguments.of("anonymous 198.51.100.8", request().from("198.51.100.8"), 2),
        Arguments.of("unknown key from 198.51.100.9",
            request().apiKey("no-such-key").from("198.51.100.9"), 2),
        Arguments.of("professional tenant initech", request().apiKey("pro-initech-key"), 8));
  }

  /** Every caller gets its whole quota in the same second, whatever the others used before. */
  @Test
  void callers_limitedIndependently() throws Exception {
    RatewiseConfig config = Configs.bundled();
    List<Arguments> callers = callersWithOwnLimits().toList();

    for (Arguments caller : callers) {
      String name = (String) caller.get()[0];
      EnvoyCheckRequests request = (EnvoyCheckRequests) caller.get()[1];
      int limit = (Integer) caller.get()[2];
      for (int i = 1; i <= limit; i++) {
        CheckResponse allowed = check(config, request);
        assertEquals(Status.Code.OK.value(), allowed.getStatus().getCode(), name + " #" + i);
      }
      CheckResponse denied = check(config, request);
      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), denied.getStatus().getCode(), name);
      assertEquals(Integer.toString(limit), responseHeader(denied, "RateLimit-Limit"), name);
    }
    CheckResponse enterprise = check(config, request().apiKey("ent-globex-key"));

    assertEquals(Status.Code.OK.value(), enterprise.getStatus().getCode());
  }

  static Stream<Arguments> identities() {
    return Stream.of(
        Arguments.of("config key", false, request().apiKey("ent-acme-key"),
            Status.Code.OK, 200, "acme", "enterprise", null),
        Arguments.of("header name in upper case", false,
            request().header("X-API-KEY", "pro-hooli-key"),
            Status.Code.OK, 200, "hooli", "professional", null),
        Arguments.of("unknown key, anonymous policy", false, request().apiKey("no-such-key"),
            Status.Code.OK, 200, null, "free", null),
        Arguments.of("no key, anonymous policy", false, request(),
            Status.Code.OK, 200, null, "free", null),
        Arguments.of("non-ASCII key, anonymous policy", false, request().apiKey("schlüssel-ключ"),
            Status.Code.OK, 200, null, "free", null),
        Arguments.of("repeated key headers merged by Envoy", false,
            request().apiKey("ent-acme-key").apiKey("free-bob-key"),
            Status.Code.UNAUTHENTICATED, 401, null, null, "invalid_api_key"),
        Arguments.of("same key sent twice", false,
            request().apiKey("ent-acme-key").apiKey("ent-acme-key"),
            Status.Code.UNAUTHENTICATED, 401, null, null, "invalid_api_key"),
        Arguments.of("key longer than 256 characters", false, request().apiKey("k".repeat(257)),
            Status.Code.UNAUTHENTICATED, 401, null, null, "invalid_api_key"),
        Arguments.of("unknown key, reject policy", true, request().apiKey("no-such-key"),
            Status.Code.UNAUTHENTICATED, 401, null, null, "invalid_api_key"),
        Arguments.of("no key, reject policy", true, request(),
            Status.Code.UNAUTHENTICATED, 401, null, null, "missing_api_key"),
        Arguments.of("config key, reject policy", true, request().apiKey("free-bob-key"),
            Status.Code.OK, 200, "bob", "free", null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("identities")
  void caller_identifiedAsExpected(String name, boolean reject, EnvoyCheckRequests request,
      Status.Code code, int httpStatus, String tenant, String tier, String error)
      throws Exception {
    RatewiseConfig config = reject ? Configs.rejectingAnonymous() : Configs.bundled();

    CheckResponse response = check(config, request);

    assertEquals(code.value(), response.getStatus().getCode());
    if (httpStatus == 200) {
      Map<String, List<String>> upstream = upstream(request, response);
      assertEquals(tier == null ? null : List.of(tier), upstream.get("x-ratewise-tier"));
      assertEquals(tenant == null ? null : List.of(tenant), upstream.get("x-ratewise-tenant"));
    } else {
      assertEquals(httpStatus, response.getDeniedResponse().getStatus().getCodeValue());
      JsonNode body = JSON.readTree(response.getDeniedResponse().getBody());
      assertEquals(error, body.get("error").asText());
      assertFalse(body.get("message").asText().contains("ent-acme-key"),
          "the body must not echo the key");
      assertEquals("application/json", responseHeader(response, "content-type"));
    }
  }

  @Test
  void spoofedIdentityHeaders_neverReachUpstream() throws Exception {
    RatewiseConfig config = Configs.bundled();
    EnvoyCheckRequests known = request().apiKey("free-alice-key")
        .header("x-ratewise-tier", "enterprise").header("x-ratewise-tenant", "acme");
    EnvoyCheckRequests anonymous = request().from("198.51.100.20")
        .header("x-ratewise-tier", "enterprise").header("x-ratewise-tenant", "acme");

    Map<String, List<String>> knownUpstream = upstream(known, check(config, known));
    Map<String, List<String>> anonymousUpstream = upstream(anonymous, check(config, anonymous));

    assertEquals(List.of("free"), knownUpstream.get("x-ratewise-tier"));
    assertEquals(List.of("alice"), knownUpstream.get("x-ratewise-tenant"));
    assertEquals(List.of("free"), anonymousUpstream.get("x-ratewise-tier"));
    assertNull(anonymousUpstream.get("x-ratewise-tenant"));
  }

  @Test
  void everyHeaderOption_overwritesInsteadOfAppending() throws Exception {
    CheckResponse allowed = check(Configs.bundled(), request().apiKey("ent-acme-key"));

    List<HeaderValueOption> options = new java.util.ArrayList<>();
    options.addAll(allowed.getOkResponse().getHeadersList());
    options.addAll(allowed.getOkResponse().getResponseHeadersToAddList());
    assertEquals(5, options.size());
    for (HeaderValueOption option : options) {
      assertEquals(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD, option.getAppendAction(),
          option.getHeader().getKey());
      assertFalse(option.hasAppend(), option.getHeader().getKey());
    }
    assertEquals(List.of(), allowed.getOkResponse().getHeadersToRemoveList());
  }

  @Test
  void allowedAnswer_carriesRateLimitHeadersAndMetadata() throws Exception {
    CheckResponse allowed = check(Configs.bundled(), request().apiKey("pro-initech-key"));

    assertEquals("8", responseHeader(allowed, "RateLimit-Limit"));
    assertEquals("7", responseHeader(allowed, "RateLimit-Remaining"));
    assertEquals("1", responseHeader(allowed, "RateLimit-Reset"));
    assertNull(responseHeader(allowed, "Retry-After"));
    Struct metadata = allowed.getDynamicMetadata();
    assertEquals("allowed", metadata.getFieldsOrThrow("decision").getStringValue());
    assertEquals("initech", metadata.getFieldsOrThrow("tenant").getStringValue());
    assertEquals("professional", metadata.getFieldsOrThrow("tier").getStringValue());
    assertEquals(8, metadata.getFieldsOrThrow("limit").getNumberValue());
    assertEquals(7, metadata.getFieldsOrThrow("remaining").getNumberValue());
    assertEquals("professional_tenant", metadata.getFieldsOrThrow("rule").getStringValue());
  }

  @Test
  void anonymousCaller_limitedByAddressRule() throws Exception {
    RatewiseConfig config = Configs.bundled();

    check(config, request().from("198.51.100.30"));
    check(config, request().from("198.51.100.30"));
    CheckResponse denied = check(config, request().from("198.51.100.30"));

    assertEquals(429, denied.getDeniedResponse().getStatus().getCodeValue());
    assertEquals("anonymous_address",
        denied.getDynamicMetadata().getFieldsOrThrow("rule").getStringValue());
    assertTrue(denied.getDynamicMetadata().getFieldsOrThrow("anonymous").getBoolValue());
    assertFalse(denied.getDynamicMetadata().containsFields("tenant"));
    assertEquals("free", JSON.readTree(denied.getDeniedResponse().getBody()).get("tier").asText());
  }

  @Test
  void contextExtension_identifiesCallerInsteadOfHeader() throws Exception {
    RatewiseConfig config =
        Configs.bundledWith("header: x-api-key", "context_extension: tenant_key");
    EnvoyCheckRequests request = request()
        .contextExtension("tenant_key", "ent-globex-key").apiKey("free-bob-key");

    CheckResponse response = check(config, request);

    Map<String, List<String>> upstream = upstream(request, response);
    assertEquals(List.of("globex"), upstream.get("x-ratewise-tenant"));
    assertEquals(List.of("enterprise"), upstream.get("x-ratewise-tier"));
  }

  @Test
  void contextExtensionMissing_treatsCallerAsAnonymous() throws Exception {
    RatewiseConfig config =
        Configs.bundledWith("header: x-api-key", "context_extension: tenant_key");
    EnvoyCheckRequests request = request().apiKey("ent-globex-key");

    CheckResponse response = check(config, request);

    Map<String, List<String>> upstream = upstream(request, response);
    assertNull(upstream.get("x-ratewise-tenant"));
    assertEquals(List.of("free"), upstream.get("x-ratewise-tier"));
  }

  static Stream<Arguments> oddRequests() {
    return Stream.of(
        Arguments.of("100 KB cookie", request().apiKey("ent-acme-key")
            .header("cookie", "session=" + "a".repeat(100 * 1024)), "acme"),
        Arguments.of("empty host", request().apiKey("ent-acme-key").host(""), "acme"),
        Arguments.of("non-ASCII header values", request().apiKey("ent-acme-key")
            .header("user-agent", "Größe/1.0 ☃").header("x-name", "日本語"), "acme"),
        Arguments.of("no source address", request().from(""), null),
        Arguments.of("POST with odd method case", request().apiKey("ent-acme-key")
            .method("post"), "acme"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oddRequests")
  void oddRequest_answeredNormally(String name, EnvoyCheckRequests request, String tenant)
      throws Exception {
    CheckResponse response = check(Configs.bundled(), request);

    assertEquals(Status.Code.OK.value(), response.getStatus().getCode());
    List<String> upstreamTenant = upstream(request, response).get("x-ratewise-tenant");
    assertEquals(tenant == null ? null : List.of(tenant), upstreamTenant);
  }

  @Test
  void longTenantName_cutInHeaderOnly() throws Exception {
    String longName = "t".repeat(300) + "\u00e9";
    RatewiseConfig config = Configs.bundledWith("tenant: acme", "tenant: " + longName);
    EnvoyCheckRequests request = request().apiKey("ent-acme-key");

    CheckResponse response = check(config, request);

    String header = upstream(request, response).get("x-ratewise-tenant").get(0);
    assertEquals(CheckDecision.MAX_HEADER_VALUE, header.length());
    assertEquals(longName, response.getDynamicMetadata().getFieldsOrThrow("tenant")
        .getStringValue());
  }

  @Test
  void anonymousCallerWithoutTiers_rejected() throws Exception {
    RatewiseConfig config = Configs.bundledWith(
        "tiers:\n  - name: enterprise\n  - name: professional\n  - name: free\n", "");

    CheckResponse anonymous = check(config, request());
    CheckResponse known = check(config, request().apiKey("ent-acme-key"));

    assertEquals(Status.Code.UNAUTHENTICATED.value(), anonymous.getStatus().getCode());
    assertEquals("missing_api_key",
        JSON.readTree(anonymous.getDeniedResponse().getBody()).get("error").asText());
    assertEquals(Status.Code.OK.value(), known.getStatus().getCode());
  }

  @Test
  void reloadedConfig_appliesToNextCheck() throws Exception {
    RatewiseConfig before = Configs.bundled();
    RatewiseConfig after = Configs.bundledWith("api_key: free-bob-key", "api_key: free-bob-key-2");
    EnvoyCheckRequests oldKey = request().apiKey("free-bob-key");
    EnvoyCheckRequests newKey = request().apiKey("free-bob-key-2");
    check(before, oldKey);

    harness.limits.publishConfig(after);
    CheckResponse withOldKey = check(after, oldKey);
    CheckResponse withNewKey = check(after, newKey);

    assertNull(upstream(oldKey, withOldKey).get("x-ratewise-tenant"));
    assertEquals(List.of("bob"), upstream(newKey, withNewKey).get("x-ratewise-tenant"));
  }

  @Test
  void severalDomainsWithoutIdentityDomain_failsPrecondition() throws Exception {
    String second = "domain: other\ndescriptors:\n  - key: k\n"
        + "    rate_limit: {unit: second, requests_per_unit: 1}\n";
    RatewiseConfig config = dev.ratewise.config.ConfigLoader.loadTexts(
        Map.of("a.yaml", Configs.bundledText(), "b.yaml", second));

    StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
        () -> check(config, request().apiKey("ent-acme-key")));

    assertEquals(Status.Code.FAILED_PRECONDITION, error.getStatus().getCode());
    assertTrue(error.getStatus().getDescription().contains("identity.domain"));
  }

  static Map<String, List<String>> upstream(EnvoyCheckRequests request, CheckResponse response) {
    assertTrue(response.hasOkResponse(), "expected an OK answer, got " + response.getStatus());
    CheckRequest built = request.build();
    return EnvoyUpstreamHeaders.apply(built.getAttributes().getRequest().getHttp().getHeadersMap(),
        response.getOkResponse());
  }

  /** Returns a header Envoy sends downstream, from the OK or the denied response; null if absent. */
  static String responseHeader(CheckResponse response, String name) {
    List<HeaderValueOption> headers = response.hasOkResponse()
        ? response.getOkResponse().getResponseHeadersToAddList()
        : response.getDeniedResponse().getHeadersList();
    return headers.stream()
        .filter(option -> option.getHeader().getKey().equalsIgnoreCase(name))
        .map(option -> option.getHeader().getValue())
        .findFirst()
        .orElse(null);
  }
}
