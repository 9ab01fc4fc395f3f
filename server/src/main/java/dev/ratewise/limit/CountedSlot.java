package dev.ratewise.limit;

/**
 * One descriptor of a request that needs a counter, with everything its status needs.
 *
 * @param index the descriptor's position in the request
 * @param hits how much this request adds to the counter
 * @param resetSeconds seconds until the window ends
 * @param windowEndMillis when the window ends, in epoch milliseconds
 */
record CountedSlot(
    int index, Descriptor descriptor, Rule rule, String key, long hits, long resetSeconds,
    long windowEndMillis) {

  long limit() {
    return rule.requestsPerUnit();
  }
}
