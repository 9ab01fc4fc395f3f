package dev.ratewise.loadtest.demo;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes a {@link DemoReport} as JSON with snake_case names. A figure that could not be measured
 * (NaN) is written as the string {@code "NaN"}, because JSON has no NaN number.
 */
final class ReportJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .build();

  private ReportJson() {}

  static String write(DemoReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo report as JSON", e);
    }
  }
}
