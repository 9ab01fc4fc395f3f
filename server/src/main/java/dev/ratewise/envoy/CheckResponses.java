package dev.ratewise.envoy;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption.HeaderAppendAction;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import java.util.Map;

/**
 * Builds Envoy's {@code CheckResponse} from a {@link CheckDecision}.
 *
 * <p>Every header option sets {@code OVERWRITE_IF_EXISTS_OR_ADD}, because Envoy appends a
 * second value when neither {@code append_action} nor {@code append} is set. The overwrite
 * replaces any copy of an identity header the client sent. Those headers are deliberately not
 * also listed in {@code headers_to_remove}: Envoy's ext_authz filter applies removals after it
 * sets headers ({@code Filter::onComplete} in source/extensions/filters/http/ext_authz/
 * ext_authz.cc), so listing them would strip the values set here.
 */
final class CheckResponses {
  private static final String JSON = "application/json";

  private CheckResponses() {}

  static CheckResponse toEnvoy(CheckDecision decision) {
    CheckResponse.Builder builder = CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder()
            .setCode(decision.grpcCode().value())
            .setMessage(statusMessage(decision)))
        .setDynamicMetadata(toStruct(decision.metadata()));
    if (decision.verdict() == CheckDecision.Verdict.ALLOWED) {
      builder.setOkResponse(okResponse(decision));
    } else {
      builder.setDeniedResponse(deniedResponse(decision));
    }
    return builder.build();
  }

  private static OkHttpResponse okResponse(CheckDecision decision) {
    OkHttpResponse.Builder ok = OkHttpResponse.newBuilder();
    for (String[] header : decision.identityHeaders()) {
      ok.addHeaders(overwrite(header[0], header[1]));
    }
    ok.addAllHeadersToRemove(decision.identityHeadersToRemove());
    for (String[] header : decision.rateLimitHeaders()) {
      ok.addResponseHeadersToAdd(overwrite(header[0], header[1]));
    }
    return ok.build();
  }

  private static DeniedHttpResponse deniedResponse(CheckDecision decision) {
    DeniedHttpResponse.Builder denied = DeniedHttpResponse.newBuilder()
        .setStatus(HttpStatus.newBuilder().setCodeValue(decision.httpStatus()))
        .addHeaders(overwrite("content-type", JSON));
    for (String[] header : decision.rateLimitHeaders()) {
      denied.addHeaders(overwrite(header[0], header[1]));
    }
    return denied.setBody(decision.body()).build();
  }

  private static String statusMessage(CheckDecision decision) {
    return switch (decision.verdict()) {
      case ALLOWED -> "";
      case RATE_LIMITED -> "rate limited";
      case REJECTED -> decision.rejection().message();
    };
  }

  static HeaderValueOption overwrite(String name, String value) {
    return HeaderValueOption.newBuilder()
        .setHeader(HeaderValue.newBuilder().setKey(name).setValue(value))
        .setAppendAction(HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD)
        .build();
  }

  static Struct toStruct(Map<String, Object> fields) {
    Struct.Builder struct = Struct.newBuilder();
    for (Map.Entry<String, Object> field : fields.entrySet()) {
      struct.putFields(field.getKey(), toValue(field.getValue()));
    }
    return struct.build();
  }

  private static Value toValue(Object value) {
    if (value instanceof Boolean flag) {
      return Value.newBuilder().setBoolValue(flag).build();
    }
    if (value instanceof Number number) {
      return Value.newBuilder().setNumberValue(number.doubleValue()).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(value)).build();
  }
}
