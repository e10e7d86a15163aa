package dev.k8sagent.adapters.k8s.pods;

import dev.k8sagent.domain.task.ScriptTicket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names and labels that tie a pod to its task. A ticket that fits a DNS label as it is gives a
 * readable name ({@code octopus-script-<ticket>}); any other is hashed, so two tickets never share
 * a pod the way truncation would make them. The ticket itself is kept in an annotation.
 */
public final class PodNames {
  public static final String NAME_PREFIX = "octopus-script-";
  public static final String TICKET_LABEL = "octopus.com/scriptTicketId";
  public static final String TICKET_ANNOTATION = "agent.k8sagent.dev/script-ticket";
  public static final String RELEASE_LABEL = "agent.octopus.com/release";
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "k8s-agent";

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private PodNames() {}

  /** The labels on every object this agent makes for script pods: pods and feed pull secrets. */
  public static Map<String, String> ownerLabels(String releaseName) {
    return Map.of(MANAGED_BY_LABEL, MANAGED_BY, RELEASE_LABEL, labelValue(releaseName));
  }

  /** The label selector that finds this agent's script pods and nobody else's. */
  public static String ownerSelector(String releaseName) {
    return MANAGED_BY_LABEL
        + "="
        + MANAGED_BY
        + ","
        + RELEASE_LABEL
        + "="
        + labelValue(releaseName);
  }

  /** The pod's name, at most 63 characters. */
  public static String pod(ScriptTicket ticket) {
    String name = NAME_PREFIX + ticket.key();
    if (name.length() <= 63 && DNS_LABEL.matcher(name).matches()) {
      return name;
    }
    return NAME_PREFIX + sha1(ticket.key());
  }

  /** The ticket label's value: the ticket when it is a valid label value, else its hash. */
  public static String ticketLabel(ScriptTicket ticket) {
    String key = ticket.key();
    if (key.length() <= 63 && LABEL_VALUE.matcher(key).matches()) {
      return key;
    }
    return sha1(key);
  }

  /** A label value for a release or agent name: kept when valid, else hashed. */
  public static String labelValue(String value) {
    if (value.length() <= 63 && LABEL_VALUE.matcher(value).matches()) {
      return value;
    }
    return sha1(value);
  }

  static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JDK", e);
    }
  }
}
