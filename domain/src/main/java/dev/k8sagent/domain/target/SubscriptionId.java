package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The polling subscription id: {@code poll://} + 20 lower-case letters and digits + {@code /}. The
 * server queues requests for this id; every polling connection of the agent names it.
 */
public record SubscriptionId(String uri) {
  private static final Pattern FORM = Pattern.compile("poll://[a-z0-9]{20}/");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

  public SubscriptionId {
    Require.nonBlank(uri, "Subscription id (ServerSubscriptionId)");
    if (!FORM.matcher(uri).matches()) {
      throw new IllegalArgumentException(
          "Subscription id (ServerSubscriptionId) "
              + Require.quote(uri)
              + " must look like poll://<20 lower-case letters or digits>/");
    }
  }

  /** A fresh id; pass a cryptographically strong generator in production. */
  public static SubscriptionId generate(RandomGenerator random) {
    StringBuilder id = new StringBuilder("poll://");
    for (int i = 0; i < 20; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return new SubscriptionId(id.append('/').toString());
  }

  @Override
  public String toString() {
    return uri;
  }
}
