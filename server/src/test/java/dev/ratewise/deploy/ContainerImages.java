package dev.ratewise.deploy;

/** Rules for container image references in the compose file, the Dockerfile and the manifests. */
final class ContainerImages {
  private ContainerImages() {}

  /**
   * Returns whether an image reference names one fixed build: a digest, or a tag that is not
   * {@code latest} and contains a version digit. {@code redis} and {@code redis:latest} move
   * whenever upstream publishes, so they fail. {@code localhost:5000/redis} has a registry port
   * but no tag, so it fails too.
   */
  static boolean isPinned(String image) {
    if (image.contains("@sha256:")) {
      return true;
    }

    int lastSlash = image.lastIndexOf('/');
    int colon = image.indexOf(':', lastSlash + 1);
    if (colon < 0) {
      return false;
    }
    String tag = image.substring(colon + 1);
    return !tag.equals("latest") && tag.chars().anyMatch(Character::isDigit);
  }
}
