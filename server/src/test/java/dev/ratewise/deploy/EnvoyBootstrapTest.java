package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every Envoy config under {@code envoy/} the way Envoy would load it, and against what
 * ratewise expects of it.
 *
 * <p>No Envoy binary can run on the development machine, so this test replaces {@code envoy --mode
 * validate}. It parses each file strictly into the v3 {@link Bootstrap} and then checks the
 * validate rules and cross-file facts that proto parsing skips. It cannot catch what only a
 * running Envoy notices, such as an extension missing from the Envoy build.
 */
class EnvoyBootstrapTest {
  private static final Path RATEWISE_CONFIG =
      RepositoryFiles.resolve("server/src/main/resources/config/ratewise-example.yaml");

  static List<Path> envoyConfigs() {
    return RepositoryFiles.list(RepositoryFiles.resolve("envoy"), ".yaml", ".yml");
  }

  @Test
  void envoyFolder_containsFrontAndSidecar() {
    List<String> names = envoyConfigs().stream().map(p -> p.getFileName().toString()).toList();

    assertTrue(names.contains("envoy.yaml"), "envoy/ lists " + names);
    assertTrue(names.contains("envoy-sidecar.yaml"), "envoy/ lists " + names);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyConfigs")
  void config_parsesStrictly(Path file) {
    JsonNode tree = RepositoryFiles.readYaml(file);

    assertDoesNotThrow(() -> EnvoyConfigCheck.parse(tree), file.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyConfigs")
  void config_passesRatewiseChecks(Path file) throws InvalidProtocolBufferException {
    JsonNode tree = RepositoryFiles.readYaml(file);

    List<String> problems = problems(tree);

    assertEquals(List.of(), problems, file.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyConfigs")
  void httpFilters_areExtAuthzRatelimitRouter(Path file) throws InvalidProtocolBufferException {
    Bootstrap bootstrap = EnvoyConfigCheck.parse(RepositoryFiles.readYaml(file));

    List<List<String>> chains = EnvoyConfigCheck.httpConnectionManagers(bootstrap).stream()
        .map(EnvoyConfigCheck::filterNames)
        .toList();

    assertEquals(
        List.of(List.of(EnvoyConfigCheck.EXT_AUTHZ, EnvoyConfigCheck.RATELIMIT, EnvoyConfigCheck.ROUTER)),
        chains);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("envoyConfigs")
  void routes_buildTheEdgeDescriptors(Path file) throws InvalidProtocolBufferException {
    Bootstrap bootstrap = EnvoyConfigCheck.parse(RepositoryFiles.readYaml(file));

    List<List<String>> descriptors = new ArrayList<>();
    for (var manager : EnvoyConfigCheck.httpConnectionManagers(bootstrap)) {
      for (Route route : EnvoyConfigCheck.routes(manager)) {
        descriptors.addAll(EnvoyConfigProblems.routeDescriptors(route));
      }
    }

    assertEquals(
        List.of(
            List.of("generic_key=edge", "remote_address=*"),
            List.of("generic_key=edge", "tier=*")),
        descriptors);
  }

  @Test
  void unknownField_isRejected() {
    ObjectNode tree = frontConfig();
    httpFilterConfig(tree, EnvoyConfigCheck.EXT_AUTHZ).put("failure_mode_alow", true);

    var error = assertThrows(InvalidProtocolBufferException.class, () -> EnvoyConfigCheck.parse(tree));

    assertTrue(error.getMessage().contains("failure_mode_alow"), error.getMessage());
  }

  @Test
  void unknownClusterField_isRejected() {
    ObjectNode tree = frontConfig();
    cluster(tree, "ratewise").put("conect_timeout", "1s");

    var error = assertThrows(InvalidProtocolBufferException.class, () -> EnvoyConfigCheck.parse(tree));

    assertTrue(error.getMessage().contains("conect_timeout"), error.getMessage());
  }

  @Test
  void unregisteredType_isRejected() {
    ObjectNode tree = frontConfig();
    httpFilterConfig(tree, EnvoyConfigCheck.ROUTER)
        .put("@type", "type.googleapis.com/envoy.extensions.filters.http.router.v3.Routr");

    var error = assertThrows(InvalidProtocolBufferException.class, () -> EnvoyConfigCheck.parse(tree));

    assertTrue(error.getMessage().contains("Routr"), error.getMessage());
  }

  static Stream<Arguments> brokenConfigs() {
    return Stream.of(
        broken("ratelimit timeout equal to store timeout",
            t -> httpFilterConfig(t, EnvoyConfigCheck.RATELIMIT).put("timeout", "0.015s"),
            "is not longer than ratewise's 15 ms store timeout"),
        broken("ratelimit timeout unset",
            t -> httpFilterConfig(t, EnvoyConfigCheck.RATELIMIT).remove("timeout"),
            "ratelimit timeout is unset"),
        broken("ext_authz timeout below ratelimit timeout",
            t -> ((ObjectNode) httpFilterConfig(t, EnvoyConfigCheck.EXT_AUTHZ).get("grpc_service"))
                .put("timeout", "0.020s"),
            "is shorter than the ratelimit timeout"),
        broken("ext_authz timeout unset",
            t -> ((ObjectNode) httpFilterConfig(t, EnvoyConfigCheck.EXT_AUTHZ).get("grpc_service"))
                .remove("timeout"),
            "ext_authz grpc_service.timeout is unset"),
        broken("ratelimit before ext_authz",
            t -> swapFirstTwoFilters(t),
            "run ratelimit before ext_authz"),
        broken("router not last",
            t -> httpFilters(t).insert(0, httpFilters(t).remove(2)),
            "do not end with envoy.filters.http.router"),
        broken("ratelimit domain differs",
            t -> httpFilterConfig(t, EnvoyConfigCheck.RATELIMIT).put("domain", "edge"),
            "differs from the ratewise config's domain 'ratewise'"),
        broken("ratewise cluster on another port",
            t -> socketAddress(cluster(t, "ratewise")).put("port_value", 9081),
            "not ratewise's gRPC port 8081"),
        broken("ratewise cluster without HTTP/2",
            t -> cluster(t, "ratewise").remove("typed_extension_protocol_options"),
            "calls gRPC over HTTP/1.1"),
        broken("keepalive every 10 s",
            t -> keepalive(t).put("interval", "10s"),
            "more often than ratewise permits"),
        broken("no health check",
            t -> cluster(t, "ratewise").remove("health_checks"),
            "has no grpc_health_check"),
        broken("no circuit breakers",
            t -> cluster(t, "ratewise").remove("circuit_breakers"),
            "does not size circuit_breakers max_requests"),
        broken("ext_authz calls an undefined cluster",
            t -> ((ObjectNode) httpFilterConfig(t, EnvoyConfigCheck.EXT_AUTHZ)
                    .get("grpc_service").get("envoy_grpc"))
                .put("cluster_name", "rate-wise"),
            "ext_authz calls undefined cluster 'rate-wise'"),
        broken("route to an undefined cluster",
            t -> ((ObjectNode) route(t).get("route")).put("cluster", "nowhere"),
            "names undefined cluster 'nowhere'"),
        broken("failure_mode_allow left to its default",
            t -> httpFilterConfig(t, EnvoyConfigCheck.EXT_AUTHZ).remove("failure_mode_allow"),
            "ext_authz failure_mode_allow is not set explicitly"),
        broken("failure_mode_deny left to its default",
            t -> httpFilterConfig(t, EnvoyConfigCheck.RATELIMIT).remove("failure_mode_deny"),
            "ratelimit failure_mode_deny is not set explicitly"),
        broken("X-RateLimit headers off",
            t -> httpFilterConfig(t, EnvoyConfigCheck.RATELIMIT).remove("enable_x_ratelimit_headers"),
            "is not DRAFT_VERSION_03"),
        broken("descriptor no ratewise rule matches",
            t -> ((ObjectNode) route(t).at("/route/rate_limits/0/actions/0/generic_key"))
                .put("descriptor_value", "edges"),
            "route descriptor [generic_key=edges, remote_address=*] matches no rule"),
        broken("client tier header not stripped",
            t -> httpConnectionManager(t).remove("early_header_mutation_extensions"),
            "client header x-ratewise-tier reaches the ratelimit filter"),
        broken("no listener on 10000",
            t -> ((ObjectNode) t.at("/static_resources/listeners/0/address/socket_address"))
                .put("port_value", 10001),
            "no listener on port 10000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenConfigs")
  void brokenConfig_isReported(Consumer<ObjectNode> breakConfig, String expectedProblem)
      throws InvalidProtocolBufferException {
    ObjectNode tree = frontConfig();
    breakConfig.accept(tree);

    List<String> problems = problems(tree);

    assertTrue(
        problems.stream().anyMatch(problem -> problem.contains(expectedProblem)),
        "expected a problem containing '" + expectedProblem + "' but found " + problems);
  }

  private static Arguments broken(String name, Consumer<ObjectNode> breakConfig, String problem) {
    return Arguments.of(Named.of(name, breakConfig), problem);
  }

  private static List<String> problems(JsonNode tree) throws InvalidProtocolBufferException {
    Bootstrap bootstrap = EnvoyConfigCheck.parse(tree);
    return EnvoyConfigProblems.find(tree, bootstrap, RepositoryFiles.readYaml(RATEWISE_CONFIG));
  }

  private static ObjectNode frontConfig() {
    return (ObjectNode) RepositoryFiles.readYaml(RepositoryFiles.resolve("envoy/envoy.yaml"));
  }

  private static ObjectNode httpConnectionManager(JsonNode tree) {
    return (ObjectNode) tree.at("/static_resources/listeners/0/filter_chains/0/filters/0/typed_config");
  }

  private static ArrayNode httpFilters(JsonNode tree) {
    return (ArrayNode) httpConnectionManager(tree).get("http_filters");
  }

  private static ObjectNode httpFilterConfig(JsonNode tree, String name) {
    for (JsonNode filter : httpFilters(tree)) {
      if (filter.path("name").asText().equals(name)) {
        return (ObjectNode) filter.get("typed_config");
      }
    }
    throw new AssertionError("envoy.yaml has no http filter " + name);
  }

  private static void swapFirstTwoFilters(JsonNode tree) {
    ArrayNode filters = httpFilters(tree);
    filters.insert(0, filters.remove(1));
  }

  private static ObjectNode route(JsonNode tree) {
    return (ObjectNode) httpConnectionManager(tree).at("/route_config/virtual_hosts/0/routes/0");
  }

  private static ObjectNode cluster(JsonNode tree, String name) {
    for (JsonNode cluster : tree.at("/static_resources/clusters")) {
      if (cluster.path("name").asText().equals(name)) {
        return (ObjectNode) cluster;
      }
    }
    throw new AssertionError("envoy.yaml has no cluster " + name);
  }

  private static ObjectNode socketAddress(ObjectNode cluster) {
    return (ObjectNode) cluster.at("/load_assignment/endpoints/0/lb_endpoints/0/endpoint/address/socket_address");
  }

  private static ObjectNode keepalive(JsonNode tree) {
    return (ObjectNode) cluster(tree, "ratewise").at(
        "/typed_extension_protocol_options/envoy.extensions.upstreams.http.v3.HttpProtocolOptions"
            + "/explicit_http_config/http2_protocol_options/connection_keepalive");
  }
}
