package dev.ratewise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.JsonFormat;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog;
import io.envoyproxy.envoy.extensions.filters.http.ext_authz.v3.ExtAuthz;
import io.envoyproxy.envoy.extensions.filters.http.ratelimit.v3.RateLimit;
import io.envoyproxy.envoy.extensions.filters.http.router.v3.Router;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.early_header_mutation.header_mutation.v3.HeaderMutation;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Parses an Envoy bootstrap strictly and reads the parts that ratewise depends on.
 *
 * <p>Strict means what {@link JsonFormat} enforces: every field name must exist in the v3 API and
 * every {@code @type} must be one of {@link #TYPES}. Envoy's {@code validate} rules (required
 * fields, minimum lengths) are not enforced by proto parsing, so {@link EnvoyConfigProblems}
 * checks the ones that matter here.
 */
final class EnvoyConfigCheck {
  static final String EXT_AUTHZ = "envoy.filters.http.ext_authz";
  static final String RATELIMIT = "envoy.filters.http.ratelimit";
  static final String ROUTER = "envoy.filters.http.router";
  static final String HCM = "envoy.filters.network.http_connection_manager";
  static final String HTTP_PROTOCOL_OPTIONS = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  /** Every message type that an {@code @type} in envoy/*.yaml may name. */
  static final JsonFormat.TypeRegistry TYPES =
      JsonFormat.TypeRegistry.newBuilder()
          .add(HttpConnectionManager.getDescriptor())
          .add(ExtAuthz.getDescriptor())
          .add(RateLimit.getDescriptor())
          .add(Router.getDescriptor())
          .add(HttpProtocolOptions.getDescriptor())
          .add(HeaderMutation.getDescriptor())
          .add(StdoutAccessLog.getDescriptor())
          .build();

  private EnvoyConfigCheck() {}

  /**
   * Parses a YAML tree into a bootstrap, rejecting unknown fields and unregistered types.
   *
   * @throws InvalidProtocolBufferException naming the first field or type that is not known
   */
  static Bootstrap parse(JsonNode yamlTree) throws InvalidProtocolBufferException {
    // JsonFormat also parses the body of every Any against its registered @type, so a field
    // that does not exist in, say, ExtAuthz fails here too.
    Bootstrap.Builder bootstrap = Bootstrap.newBuilder();
    JsonFormat.parser().usingTypeRegistry(TYPES).merge(yamlTree.toString(), bootstrap);
    return bootstrap.build();
  }

  static List<HttpConnectionManager> httpConnectionManagers(Bootstrap bootstrap) {
    List<HttpConnectionManager> managers = new ArrayList<>();
    for (Listener listener : bootstrap.getStaticResources().getListenersList()) {
      for (FilterChain chain : listener.getFilterChainsList()) {
        for (Filter filter : chain.getFiltersList()) {
          if (filter.getName().equals(HCM)) {
            managers.add(unpack(filter.getTypedConfig(), HttpConnectionManager.class));
          }
        }
      }
    }
    return managers;
  }

  static List<String> filterNames(HttpConnectionManager manager) {
    return manager.getHttpFiltersList().stream().map(HttpFilter::getName).toList();
  }

  /** Returns the typed configs of every HTTP filter named {@code name}, across all listeners. */
  static <T extends Message> List<T> httpFilterConfigs(
      Bootstrap bootstrap, String name, Class<T> type) {
    return httpConnectionManagers(bootstrap).stream()
        .flatMap(manager -> manager.getHttpFiltersList().stream())
        .filter(filter -> filter.getName().equals(name))
        .map(filter -> unpack(filter.getTypedConfig(), type))
        .toList();
  }

  /**
   * Returns the raw YAML nodes of every HTTP filter's typed_config named {@code name}. Proto3
   * cannot tell an unset bool from {@code false}, so checks for an explicit choice read these.
   */
  static List<JsonNode> rawHttpFilterConfigs(JsonNode yamlTree, String name) {
    List<JsonNode> configs = new ArrayList<>();
    for (JsonNode listener : yamlTree.path("static_resources").path("listeners")) {
      for (JsonNode chain : listener.path("filter_chains")) {
        for (JsonNode filter : chain.path("filters")) {
          for (JsonNode httpFilter : filter.path("typed_config").path("http_filters")) {
            if (httpFilter.path("name").asText().equals(name)) {
              configs.add(httpFilter.path("typed_config"));
            }
          }
        }
      }
    }
    return configs;
  }

  static Map<String, Cluster> clustersByName(Bootstrap bootstrap) {
    return bootstrap.getStaticResources().getClustersList().stream()
        .collect(Collectors.toMap(Cluster::getName, Function.identity(), (first, second) -> first));
  }

  static List<Route> routes(HttpConnectionManager manager) {
    return manager.getRouteConfig().getVirtualHostsList().stream()
        .map(VirtualHost::getRoutesList)
        .flatMap(List::stream)
        .toList();
  }

  /** Returns the cluster that a gRPC service calls, or "" when it is not an envoy_grpc service. */
  static String grpcCluster(GrpcService service) {
    return service.hasEnvoyGrpc() ? service.getEnvoyGrpc().getClusterName() : "";
  }

  static long millis(com.google.protobuf.Duration duration) {
    return Durations.toMillis(duration);
  }

  static boolean isV3(ApiVersion version) {
    return version == ApiVersion.V3;
  }

  static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("typed_config is not a " + type.getSimpleName(), e);
    }
  }
}
