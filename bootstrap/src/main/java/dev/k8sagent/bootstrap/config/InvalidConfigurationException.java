package dev.k8sagent.bootstrap.config;

import java.util.List;

/** The configuration is not valid: every problem found, each naming its variable or key. */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private final List<String> problems;

  InvalidConfigurationException(List<String> problems) {
    super(
        "The agent's configuration is not valid ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):\n  - "
            + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
