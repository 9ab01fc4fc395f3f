package dev.ratewise.testing;

import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Applies an {@code OkHttpResponse} to request headers in the order Envoy's ext_authz filter
 * does ({@code Filter::onComplete} in source/extensions/filters/http/ext_authz/ext_authz.cc):
 * set and add the {@code headers}, then remove {@code headers_to_remove}. Envoy cannot run in
 * these tests, so this replays its order to show what the upstream would receive.
 */
public final class EnvoyUpstreamHeaders {
  private EnvoyUpstreamHeaders() {}

  /** Returns the upstream headers by lower-case name, each with all its values in order. */
  public static Map<String, List<String>> apply(Map<String, String> requestHeaders,
      OkHttpResponse ok) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    requestHeaders.forEach((name, value) ->
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).add(value));
    for (HeaderValueOption option : ok.getHeadersList()) {
      String name = option.getHeader().getKey().toLowerCase(Locale.ROOT);
      String value = option.getHeader().getValue();
      if (overwrites(option)) {
        headers.put(name, new ArrayList<>(List.of(value)));
      } else {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    for (String name : ok.getHeadersToRemoveList()) {
      headers.remove(name.toLowerCase(Locale.ROOT));
    }
    return headers;
  }

  /** Envoy appends when neither append_action nor the deprecated append flag is set to overwrite. */
  private static boolean overwrites(HeaderValueOption option) {
    if (option.hasAppend()) {
      return !option.getAppend().getValue();
    }
    return option.getAppendAction() == HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD;
  }
}
