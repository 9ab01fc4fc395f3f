package dev.ratewise.identity;

/**
 * The caller's key and address as a check request carries them, before any lookup.
 *
 * @param apiKey the raw key value as received; null when the request carries none
 * @param keySource where the key was read, such as "header x-api-key", for messages
 * @param sourceAddress the caller's address; empty when unknown
 */
public record Credentials(String apiKey, String keySource, String sourceAddress) {
  public Credentials {
    sourceAddress = sourceAddress == null ? "" : sourceAddress;
  }
}
