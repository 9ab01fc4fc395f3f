package dev.ratewise.store;

/**
 * One counter to increment.
 *
 * @param key the full counter key, window start included
 * @param hits how much to add; 0 reads the counter without changing it
 * @param ttlSeconds the counter's lifetime from its creation: one window, plus any jitter
 */
public record CounterIncrement(String key, long hits, long ttlSeconds) {}
