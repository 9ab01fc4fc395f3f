package dev.ratewise;

/** Entry point of the ratewise sidecar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.out.println("ratewise");
  }
}
