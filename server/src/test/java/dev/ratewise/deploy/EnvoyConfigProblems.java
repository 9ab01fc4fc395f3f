package dev.ratewise.deploy;

import static dev.ratewise.deploy.EnvoyConfigCheck.EXT_AUTHZ;
import static dev.ratewise.deploy.EnvoyConfigCheck.HTTP_PROTOCOL_OPTIONS;
import static dev.ratewise.deploy.EnvoyConfigCheck.RATELIMIT;
import static dev.ratewise.deploy.EnvoyConfigCheck.ROUTER;
import static dev.ratewise.deploy.EnvoyConfigCheck.grpcCluster;
import static dev.ratewise.deploy.EnvoyConfigCheck.millis;

import com.fasterxml.jackson.databind.JsonNode;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.CircuitBreakers;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.HealthCheck;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RateLimit.Action;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.http.early_header_mutation.header_mutation.v3.HeaderMutation;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists what is wrong with a parsed Envoy bootstrap for ratewise: the Envoy {@code validate}
 * rules that proto parsing skips, and the ways the file must agree with ratewise's defaults and
 * its bundled config. An empty list means the file passed every check.
 */
final class EnvoyConfigProblems {
  /** Envoy's listener port in every example and in deploy/README.md. */
  static final int INGRESS_PORT = 10000;
  /** Default of ratewise {@code --grpc-port}. */
  static final int RATEWISE_GRPC_PORT = 8081;
  /** Default of ratewise {@code --store-timeout}, in milliseconds. */
  static final long STORE_TIMEOUT_MILLIS = 15;
  /** Shortest client ping interval ratewise's gRPC server permits, in seconds. */
  static final long PERMITTED_KEEPALIVE_SECONDS = 30;

  private final JsonNode yamlTree;
  private final Bootstrap bootstrap;
  private final JsonNode ratewiseConfig;
  private final Map<String, Cluster> clusters;
  // A set, because two filters that call the same cluster would report its problems twice.
  private final Set<String> problems = new LinkedHashSet<>();

  private EnvoyConfigProblems(JsonNode yamlTree, Bootstrap bootstrap, JsonNode ratewiseConfig) {
    this.yamlTree = yamlTree;
    this.bootstrap = bootstrap;
    this.ratewiseConfig = ratewiseConfig;
    this.clusters = EnvoyConfigCheck.clustersByName(bootstrap);
  }

  /**
   * Checks a bootstrap against ratewise.
   *
   * @param yamlTree the file as read, for choices that proto3 cannot tell from defaults
   * @param bootstrap the same file parsed by {@link EnvoyConfigCheck#parse}
   * @param ratewiseConfig the ratewise config that the server loads, for its domain and rules
   */
  static List<String> find(JsonNode yamlTree, Bootstrap bootstrap, JsonNode ratewiseConfig) {
    EnvoyConfigProblems check = new EnvoyConfigProblems(yamlTree, bootstrap, ratewiseConfig);
    check.checkListeners();
    check.checkClusters();
    for (HttpConnectionManager manager : EnvoyConfigCheck.httpConnectionManagers(bootstrap)) {
      check.checkFilterOrder(manager);
      check.checkRouteClusters(manager);
      check.checkRouteDescriptors(manager);
      check.checkForgeableHeaders(manager);
    }
    check.checkExtAuthz();
    check.checkRateLimit();
    check.checkExplicitFailureModes();
    return List.copyOf(check.problems);
  }

  /**
   * Returns the descriptors that a route's rate_limits build, one list of entries per
   * descriptor. A fixed entry reads {@code key=value}, and an entry whose value comes from the
   * request reads {@code key=*}. An action that this check does not model reads
   * {@code ?<action>}, which matches no rule.
   */
  static List<List<String>> routeDescriptors(Route route) {
    List<List<String>> descriptors = new ArrayList<>();
    for (var rateLimit : route.getRoute().getRateLimitsList()) {
      descriptors.add(rateLimit.getActionsList().stream().map(EnvoyConfigProblems::entry).toList());
    }
    return descriptors;
  }

  private static String entry(Action action) {
    return switch (action.getActionSpecifierCase()) {
      case GENERIC_KEY -> {
        String key = action.getGenericKey().getDescriptorKey();
        yield (key.isEmpty() ? "generic_key" : key) + "=" + action.getGenericKey().getDescriptorValue();
      }
      case REMOTE_ADDRESS -> "remote_address=*";
      case REQUEST_HEADERS -> action.getRequestHeaders().getDescriptorKey() + "=*";
      default -> "?" + action.getActionSpecifierCase().name().toLowerCase();
    };
  }

  private void checkListeners() {
    List<Listener> listeners = bootstrap.getStaticResources().getListenersList();
    if (listeners.isEmpty()) {
      problems.add("static_resources.listeners is empty");
    }
    boolean ingress = false;
    for (Listener listener : listeners) {
      if (listener.getName().isEmpty()) {
        problems.add("a listener has no name");
      }
      ingress |= listener.getAddress().getSocketAddress().getPortValue() == INGRESS_PORT;
    }
    if (!ingress) {
      problems.add("no listener on port " + INGRESS_PORT);
    }
    if (EnvoyConfigCheck.httpConnectionManagers(bootstrap).isEmpty()) {
      problems.add("no listener has an http_connection_manager");
    }
  }

  private void checkClusters() {
    Set<String> seen = new LinkedHashSet<>();
    for (Cluster cluster : bootstrap.getStaticResources().getClustersList()) {
      String name = cluster.getName();
      if (name.isEmpty()) {
        problems.add("a cluster has no name");
      }
      if (!seen.add(name)) {
        problems.add("cluster " + name + " is defined twice");
      }
      if (!cluster.getLoadAssignment().getClusterName().equals(name)) {
        problems.add("cluster " + name + ": load_assignment.cluster_name differs from its name");
      }
      if (endpoints(cluster).isEmpty()) {
        problems.add("cluster " + name + " has no endpoints");
      }
      for (LbEndpoint endpoint : endpoints(cluster)) {
        if (endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue() == 0) {
          problems.add("cluster " + name + " has an endpoint without port_value");
        }
      }
    }
  }

  private void checkFilterOrder(HttpConnectionManager manager) {
    List<String> names = EnvoyConfigCheck.filterNames(manager);
    int extAuthz = names.indexOf(EXT_AUTHZ);
    int rateLimit = names.indexOf(RATELIMIT);
    if (extAuthz < 0) {
      problems.add("http_filters lack " + EXT_AUTHZ + ": " + names);
    }
    if (rateLimit < 0) {
      problems.add("http_filters lack " + RATELIMIT + ": " + names);
    }
    if (extAuthz >= 0 && rateLimit >= 0 && extAuthz > rateLimit) {
      problems.add("http_filters run ratelimit before ext_authz, which sets its tier: " + names);
    }
    if (names.isEmpty() || !names.get(names.size() - 1).equals(ROUTER)) {
      problems.add("http_filters do not end with " + ROUTER + ": " + names);
    }
  }

  private void checkRouteClusters(HttpConnectionManager manager) {
    for (Route route : EnvoyConfigCheck.routes(manager)) {
      String cluster = route.getRoute().getCluster();
      if (!clusters.containsKey(cluster)) {
        problems.add("route " + route.getMatch().getPrefix() + " names undefined cluster '" + cluster + "'");
      }
    }
  }

  private void checkRouteDescriptors(HttpConnectionManager manager) {
    JsonNode rules = ratewiseConfig.path("descriptors");
    for (Route route : EnvoyConfigCheck.routes(manager)) {
      for (List<String> descriptor : routeDescriptors(route)) {
        if (!hasRule(rules, descriptor)) {
          problems.add("route descriptor " + descriptor + " matches no rule with a rate_limit"
              + " in the ratewise config");
        }
      }
    }
  }

  /**
   * Checks that every header a descriptor reads is stripped before ext_authz when ext_authz
   * fails open. Otherwise a client could pick its own tier while ratewise is unreachable.
   */
  private void checkForgeableHeaders(HttpConnectionManager manager) {
    boolean failsOpen = EnvoyConfigCheck.httpFilterConfigs(bootstrap, EXT_AUTHZ, ExtAuthz.class)
        .stream().anyMatch(ExtAuthz::getFailureModeAllow);
    if (!failsOpen) {
      return;
    }

    Set<String> stripped = new LinkedHashSet<>();
    for (var extension : manager.getEarlyHeaderMutationExtensionsList()) {
      HeaderMutation mutation = EnvoyConfigCheck.unpack(extension.getTypedConfig(), HeaderMutation.class);
      mutation.getMutationsList().forEach(m -> stripped.add(m.getRemove().toLowerCase()));
    }
    for (Route route : EnvoyConfigCheck.routes(manager)) {
      for (var rateLimit : route.getRoute().getRateLimitsList()) {
        for (Action action : rateLimit.getActionsList()) {
          if (!action.hasRequestHeaders()) {
            continue;
          }
          String header = action.getRequestHeaders().getHeaderName().toLowerCase();
          if (!stripped.contains(header)) {
            problems.add("ext_authz fails open but client header " + header
                + " reaches the ratelimit filter: remove it in early_header_mutation_extensions");
          }
        }
      }
    }
  }

  private void checkExtAuthz() {
    List<ExtAuthz> configs = EnvoyConfigCheck.httpFilterConfigs(bootstrap, EXT_AUTHZ, ExtAuthz.class);
    long rateLimitMillis = maxRateLimitTimeoutMillis();
    for (ExtAuthz config : configs) {
      if (!EnvoyConfigCheck.isV3(config.getTransportApiVersion())) {
        problems.add("ext_authz transport_api_version is not V3");
      }
      if (!config.hasGrpcService()) {
        problems.add("ext_authz has no grpc_service");
        continue;
      }
      checkRatewiseCluster("ext_authz", grpcCluster(config.getGrpcService()));
      if (!config.getGrpcService().hasTimeout()) {
        problems.add("ext_authz grpc_service.timeout is unset, so Envoy waits its 200 ms default");
      } else if (millis(config.getGrpcService().getTimeout()) < rateLimitMillis) {
        problems.add("ext_authz timeout " + millis(config.getGrpcService().getTimeout())
            + " ms is shorter than the ratelimit timeout " + rateLimitMillis + " ms");
      }
    }
  }

  private void checkRateLimit() {
    String domain = ratewiseConfig.path("domain").asText();
    for (RateLimit config : EnvoyConfigCheck.httpFilterConfigs(bootstrap, RATELIMIT, RateLimit.class)) {
      if (!config.getDomain().equals(domain)) {
        problems.add("ratelimit domain '" + config.getDomain() + "' differs from the ratewise"
            + " config's domain '" + domain + "'");
      }
      if (!config.hasTimeout()) {
        problems.add("ratelimit timeout is unset, so Envoy waits its 20 ms default");
      } else if (millis(config.getTimeout()) <= STORE_TIMEOUT_MILLIS) {
        problems.add("ratelimit timeout " + millis(config.getTimeout()) + " ms is not longer than"
            + " ratewise's " + STORE_TIMEOUT_MILLIS + " ms store timeout");
      }
      if (config.getEnableXRatelimitHeaders() != RateLimit.XRateLimitHeadersRFCVersion.DRAFT_VERSION_03) {
        problems.add("ratelimit enable_x_ratelimit_headers is not DRAFT_VERSION_03");
      }
      if (!config.hasRateLimitService() || !config.getRateLimitService().hasGrpcService()) {
        problems.add("ratelimit has no rate_limit_service.grpc_service");
        continue;
      }
      if (!EnvoyConfigCheck.isV3(config.getRateLimitService().getTransportApiVersion())) {
        problems.add("ratelimit rate_limit_service.transport_api_version is not V3");
      }
      checkRatewiseCluster("ratelimit", grpcCluster(config.getRateLimitService().getGrpcService()));
    }
  }

  private void checkExplicitFailureModes() {
    for (JsonNode config : EnvoyConfigCheck.rawHttpFilterConfigs(yamlTree, EXT_AUTHZ)) {
      if (!config.path("failure_mode_allow").isBoolean()) {
        problems.add("ext_authz failure_mode_allow is not set explicitly");
      }
    }
    for (JsonNode config : EnvoyConfigCheck.rawHttpFilterConfigs(yamlTree, RATELIMIT)) {
      if (!config.path("failure_mode_deny").isBoolean()) {
        problems.add("ratelimit failure_mode_deny is not set explicitly");
      }
    }
  }

  private void checkRatewiseCluster(String filter, String name) {
    Cluster cluster = clusters.get(name);
    if (name.isEmpty() || cluster == null) {
      problems.add(filter + " calls undefined cluster '" + name + "' (envoy_grpc.cluster_name)");
      return;
    }

    for (LbEndpoint endpoint : endpoints(cluster)) {
      int port = endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue();
      if (port != RATEWISE_GRPC_PORT) {
        problems.add("cluster " + name + " targets port " + port + ", not ratewise's gRPC port "
            + RATEWISE_GRPC_PORT);
      }
    }
    checkHttp2(cluster);
    if (cluster.getHealthChecksList().stream().noneMatch(HealthCheck::hasGrpcHealthCheck)) {
      problems.add("cluster " + name + " has no grpc_health_check");
    }
    CircuitBreakers breakers = cluster.getCircuitBreakers();
    if (breakers.getThresholdsList().stream().noneMatch(threshold -> threshold.hasMaxRequests())) {
      problems.add("cluster " + name + " does not size circuit_breakers max_requests");
    }
  }

  private void checkHttp2(Cluster cluster) {
    var options = cluster.getTypedExtensionProtocolOptionsMap().get(HTTP_PROTOCOL_OPTIONS);
    if (options == null) {
      problems.add("cluster " + cluster.getName() + " lacks " + HTTP_PROTOCOL_OPTIONS
          + ", so Envoy calls gRPC over HTTP/1.1");
      return;
    }

    HttpProtocolOptions protocol = EnvoyConfigCheck.unpack(options, HttpProtocolOptions.class);
    if (!protocol.getExplicitHttpConfig().hasHttp2ProtocolOptions()) {
      problems.add("cluster " + cluster.getName() + " lacks explicit_http_config.http2_protocol_options");
      return;
    }
    var keepalive = protocol.getExplicitHttpConfig().getHttp2ProtocolOptions().getConnectionKeepalive();
    if (!keepalive.hasInterval()) {
      problems.add("cluster " + cluster.getName() + " has no connection_keepalive.interval");
    } else if (millis(keepalive.getInterval()) < PERMITTED_KEEPALIVE_SECONDS * 1000) {
      problems.add("cluster " + cluster.getName() + " pings every " + millis(keepalive.getInterval())
          + " ms, more often than ratewise permits (" + PERMITTED_KEEPALIVE_SECONDS + " s)");
    }
  }

  private long maxRateLimitTimeoutMillis() {
    return EnvoyConfigCheck.httpFilterConfigs(bootstrap, RATELIMIT, RateLimit.class).stream()
        .filter(RateLimit::hasTimeout)
        .mapToLong(config -> millis(config.getTimeout()))
        .max()
        .orElse(0);
  }

  /**
   * Returns whether {@code descriptor} reaches a rule with a rate_limit in a ratewise descriptor
   * tree. A fixed entry matches a rule with that value or with no value. An entry whose value
   * comes from the request matches only a rule with no value, because a rule with a value
   * would limit just that one value.
   */
  private static boolean hasRule(JsonNode rules, List<String> descriptor) {
    if (descriptor.isEmpty()) {
      return false;
    }

    String[] entry = descriptor.get(0).split("=", 2);
    List<String> rest = descriptor.subList(1, descriptor.size());
    for (JsonNode rule : rules) {
      boolean keyMatches = rule.path("key").asText().equals(entry[0]);
      boolean valueMatches = !rule.has("value")
          || (!entry[1].equals("*") && rule.path("value").asText().equals(entry[1]));
      if (keyMatches && valueMatches
          && (rest.isEmpty() ? rule.has("rate_limit") : hasRule(rule.path("descriptors"), rest))) {
        return true;
      }
    }
    return false;
  }

  private static List<LbEndpoint> endpoints(Cluster cluster) {
    return cluster.getLoadAssignment().getEndpointsList().stream()
        .map(LocalityLbEndpoints::getLbEndpointsList)
        .flatMap(List::stream)
        .toList();
  }
}
