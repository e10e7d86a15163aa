package dev.k8sagent.adapters.octopus.halibut.wire;

import java.nio.charset.StandardCharsets;

/** The CRLF-ended text lines of the handshake and control exchange. */
public final class Lines {
  /** Longest line accepted: the server's identity and control lines are a few dozen bytes. */
  public static final int MAX_LINE_BYTES = 1024;

  public static final String PREAMBLE = "MX\r\n\r\n";
  public static final String SERVER_IDENTITY = "MX-SERVER";
  public static final String SUBSCRIBER_IDENTITY = "MX-SUBSCRIBER";
  public static final String PROTOCOL_VERSION = "1.0";

  private Lines() {}

  /** The preamble and the subscriber identity with its empty line, to be sent in one write. */
  public static byte[] subscriberHello(String subscriptionId) {
    return (PREAMBLE + identity(subscriptionId)).getBytes(StandardCharsets.UTF_8);
  }

  /** The subscriber identity with its empty line alone (over a WebSocket, after the preamble). */
  public static byte[] subscriberIdentity(String subscriptionId) {
    return identity(subscriptionId).getBytes(StandardCharsets.UTF_8);
  }

  private static String identity(String subscriptionId) {
    return SUBSCRIBER_IDENTITY + " " + PROTOCOL_VERSION + " " + subscriptionId + "\r\n\r\n";
  }

  public static byte[] serverIdentity() {
    return (SERVER_IDENTITY + " " + PROTOCOL_VERSION + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
  }

  /** A line cut to a readable length with control characters shown as escapes, for errors. */
  public static String printable(String line) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < line.length() && out.length() < 80; i++) {
      char c = line.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (out.length() >= 80) {
      out.append('…');
    }
    return out.toString();
  }
}
