package dev.k8sagent.adapters.octopus.halibut.service;

import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import java.util.List;
import java.util.Objects;

/** A response and the data streams that follow it on the wire, in order. */
public record Reply(ResponseMessage response, List<OutgoingStream> streams) {
  public Reply {
    Objects.requireNonNull(response, "response");
    streams = List.copyOf(streams);
  }

  public static Reply of(ResponseMessage response) {
    return new Reply(response, List.of());
  }
}
