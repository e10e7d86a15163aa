package dev.k8sagent.domain.target;

import dev.k8sagent.domain.Require;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A DNS-1123 label: what Kubernetes accepts as a namespace name and what a Helm release name must
 * be. 1 to 63 characters of lower-case letters, digits and '-', starting and ending with a letter
 * or digit.
 */
public record DnsLabel(String value) {
  public static final int MAX_LENGTH = 63;
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public DnsLabel {
    Require.nonBlank(value, "A Kubernetes name");
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          Require.quote(value) + " is longer than " + MAX_LENGTH + " characters");
    }
    if (!LABEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          Require.quote(value)
              + " is not a DNS-1123 label: use lower-case letters, digits and '-', starting and"
              + " ending with a letter or digit");
    }
  }

  /**
   * Turns free text into a label: lower-case, every run of other characters becomes one '-', no '-'
   * at either end, cut to 63 characters. Refuses text with no letter or digit at all.
   */
  public static DnsLabel normalise(String text) {
    Require.nonBlank(text, "A name");
    String lower = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String trimmed = lower.replaceAll("^-+", "").replaceAll("-+$", "");
    if (trimmed.length() > MAX_LENGTH) {
      trimmed = trimmed.substring(0, MAX_LENGTH).replaceAll("-+$", "");
    }
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(
          Require.quote(text)
              + " has no letters or digits, so no Kubernetes name can be made from it");
    }
    return new DnsLabel(trimmed);
  }

  @Override
  public String toString() {
    return value;
  }
}
