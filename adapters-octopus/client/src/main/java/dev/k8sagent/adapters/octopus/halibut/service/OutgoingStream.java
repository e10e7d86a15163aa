package dev.k8sagent.adapters.octopus.halibut.service;

import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.ports.content.Content;
import java.util.Objects;

/** A data stream a response sends after itself: its reference in the message and its bytes. */
public record OutgoingStream(DataStreamRef ref, Content content) {
  public OutgoingStream {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(content, "content");
    if (ref.length() != content.length()) {
      throw new IllegalArgumentException(
          "Data stream "
              + ref.id()
              + " declares "
              + ref.length()
              + " bytes but has "
              + content.length());
    }
  }
}
