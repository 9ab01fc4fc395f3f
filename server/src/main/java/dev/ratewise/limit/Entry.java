package dev.ratewise.limit;

/** One key and value of a request descriptor, as Envoy sends it. */
public record Entry(String key, String value) {}
