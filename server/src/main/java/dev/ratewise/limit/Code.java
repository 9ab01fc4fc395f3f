package dev.ratewise.limit;

/** The answer for one descriptor or a whole request, in Envoy's terms. */
public enum Code {
  OK,
  OVER_LIMIT
}
