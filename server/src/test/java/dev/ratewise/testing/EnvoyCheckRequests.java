package dev.ratewise.testing;

import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Builds {@code CheckRequest}s the way Envoy's ext_authz filter does, because no Envoy binary
 * can run in these tests: header names are lower-cased, repeated headers are joined into one
 * comma-separated value, {@code path} carries the query string, and the source address and
 * context extensions sit where Envoy puts them.
 */
public final class EnvoyCheckRequests {
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> contextExtensions = new LinkedHashMap<>();
  private String sourceAddress = "203.0.113.10";
  private String method = "GET";
  private String path = "/v1/orders?page=2";
  private String host = "api.example.com";

  private EnvoyCheckRequests() {}

  /** Starts a GET of /v1/orders?page=2 on api.example.com from 203.0.113.10. */
  public static EnvoyCheckRequests request() {
    return new EnvoyCheckRequests();
  }

  /** Adds a request header; a second header of the same name is joined as Envoy joins it. */
  public EnvoyCheckRequests header(String name, String value) {
    headers.merge(name.toLowerCase(Locale.ROOT), value, (first, second) -> first + "," + second);
    return this;
  }

  /** Sets the API key header of the default config. */
  public EnvoyCheckRequests apiKey(String key) {
    return header("x-api-key", key);
  }

  public EnvoyCheckRequests from(String address) {
    this.sourceAddress = address;
    return this;
  }

  public EnvoyCheckRequests contextExtension(String key, String value) {
    contextExtensions.put(key, value);
    return this;
  }

  public EnvoyCheckRequests method(String name) {
    this.method = name;
    return this;
  }

  public EnvoyCheckRequests host(String name) {
    this.host = name;
    return this;
  }

  public CheckRequest build() {
    Map<String, String> all = new LinkedHashMap<>();
    all.put(":authority", host);
    all.put(":method", method);
    all.put(":path", path);
    all.put(":scheme", "https");
    all.putAll(headers);
    AttributeContext.HttpRequest http = AttributeContext.HttpRequest.newBuilder()
        .setId("7f1c2a9e-0b4d-4c3e-9a61-2f5d8e0c1b7a")
        .setMethod(method)
        .setPath(path)
        .setHost(host)
        .setScheme("https")
        .setProtocol("HTTP/1.1")
        .putAllHeaders(all)
        .build();
    return CheckRequest.newBuilder()
        .setAttributes(AttributeContext.newBuilder()
            .setSource(AttributeContext.Peer.newBuilder()
                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                    .setAddress(sourceAddress)
                    .setPortValue(51234))))
            .setDestination(AttributeContext.Peer.newBuilder()
                .setAddress(Address.newBuilder().setSocketAddress(SocketAddress.newBuilder()
                    .setAddress("10.0.0.5")
                    .setPortValue(8443))))
            .setRequest(AttributeContext.Request.newBuilder().setHttp(http))
            .putAllContextExtensions(contextExtensions))
        .build();
  }
}
