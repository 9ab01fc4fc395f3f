package dev.ratewise.identity;

/** The outcome of identifying a caller: an {@link Identity} or a {@link Rejection}. */
public sealed interface Identification permits Identity, Rejection {}
