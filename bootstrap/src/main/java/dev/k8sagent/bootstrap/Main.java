package dev.k8sagent.bootstrap;

/** Process entry point. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(new Cli(System.out, System.err).run(args));
  }
}
