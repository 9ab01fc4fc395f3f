package dev.ratewise.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Prints and parses admin messages with protobuf's JSON mapping, so HTTP carries the same field
 * names and enum values as gRPC. Output uses the proto field names, such as
 * {@code requests_per_unit}, and includes fields at their default value.
 */
final class AdminJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();
  private static final JsonFormat.Parser PARSER = JsonFormat.parser();

  private AdminJson() {}

  static String print(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Admin messages hold no Any fields, the only cause of this failure.
      throw new IllegalStateException("cannot print " + message.getClass().getSimpleName(), e);
    }
  }

  /**
   * Merges a JSON request body into a builder. An empty body leaves the builder as it is.
   *
   * @throws AdminException INVALID_ARGUMENT for malformed JSON, naming the field that is wrong
   */
  static <B extends Message.Builder> B parse(String body, B builder) throws AdminException {
    if (body == null || body.isBlank()) {
      return builder;
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("malformed JSON body: " + e.getOriginalMessage());
    }
    if (!(tree instanceof ObjectNode object)) {
      throw invalid("the JSON body must be an object, got " + tree.getNodeType());
    }

    // Parsing one field at a time lets the error name the field that failed.
    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      ObjectNode single = MAPPER.createObjectNode().set(field.getKey(), field.getValue());
      try {
        PARSER.merge(single.toString(), builder);
      } catch (InvalidProtocolBufferException e) {
        throw invalid("invalid field '" + field.getKey() + "': " + e.getMessage());
      }
    }
    return builder;
  }

  private static AdminException invalid(String message) {
    return new AdminException(AdminException.Kind.INVALID_ARGUMENT, message);
  }
}
