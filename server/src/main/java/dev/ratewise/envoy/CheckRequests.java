package dev.ratewise.envoy;

import dev.ratewise.config.IdentitySpec;
import dev.ratewise.identity.Credentials;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the caller's key and address from an Envoy {@code CheckRequest}. */
final class CheckRequests {
  private CheckRequests() {}

  /**
   * Returns the credentials: the key from the configured context extension when {@code
   * identity.context_extension} is set, otherwise from the configured header.
   */
  static Credentials credentials(CheckRequest request, IdentitySpec spec) {
    AttributeContext attributes = request.getAttributes();
    String source = attributes.getSource().getAddress().getSocketAddress().getAddress();
    if (!spec.contextExtension().isEmpty()) {
      String key = attributes.getContextExtensionsMap().get(spec.contextExtension());
      return new Credentials(key, "context extension " + spec.contextExtension(), source);
    }
    String key = header(attributes.getRequest().getHttp(), spec.header());
    return new Credentials(key, "header " + spec.header(), source);
  }

  /**
   * Returns a header's value, compared without case, or null when absent. Envoy sends lower-case
   * names and joins repeated headers with commas. Values found under several spellings, or in
   * both {@code headers} and {@code header_map}, are joined the same way, so they count as
   * more than one key.
   */
  static String header(AttributeContext.HttpRequest http, String name) {
    List<String> values = new ArrayList<>(1);
    for (Map.Entry<String, String> header : http.getHeadersMap().entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        values.add(header.getValue());
      }
    }
    // Envoy fills header_map instead of headers when encode_raw_headers is on.
    for (HeaderValue header : http.getHeaderMap().getHeadersList()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        values.add(header.getRawValue().isEmpty()
            ? header.getValue()
            : header.getRawValue().toStringUtf8());
      }
    }
    return values.isEmpty() ? null : String.join(",", values);
  }
}
