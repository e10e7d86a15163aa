package dev.k8sagent.adapters.octopus.halibut.wire;

import java.nio.charset.StandardCharsets;

/** The control words of the polling exchange, each sent as one line ending in CRLF. */
public enum ControlLine {
  /** Agent: ready for the next request. */
  NEXT,
  /** Server: go ahead, the next request (or a null keep-alive) follows. */
  PROCEED,
  /** Either side: this connection is ending. */
  END;

  public byte[] bytes() {
    return (name() + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The control word a line names.
   *
   * @throws ProtocolException naming the line when it is none of them
   */
  public static ControlLine parse(String line) {
    for (ControlLine value : values()) {
      if (value.name().equals(line)) {
        return value;
      }
    }
    throw new ProtocolException(
        "Expected NEXT, PROCEED or END but the peer sent '" + Lines.printable(line) + "'");
  }
}
