package dev.k8sagent.adapters.octopus.halibut.netty;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.ports.in.RequestRefused;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules a request's data streams must keep before anything runs: each stream is referred to
 * once (the same id twice would leave it open which bytes belong where), and none declares more
 * than the agent accepts. A request that breaks one is refused whole and for good; its stream
 * frames are still read, and dropped, so the connection keeps its place.
 */
final class DeclaredStreams {
  private DeclaredStreams() {}

  /** Why the streams a message declares are refused, if they are. */
  static Optional<RequestRefused> refusal(List<DataStreamRef> streams, long maxStreamBytes) {
    Set<NetGuid> seen = new HashSet<>();
    for (DataStreamRef stream : streams) {
      if (!seen.add(stream.id())) {
        return Optional.of(
            new RequestRefused(
                RequestRefused.Reason.INVALID_REQUEST,
                "The request refers to data stream "
                    + stream.id()
                    + " more than once; each stream must be sent once and referred to once"));
      }
      if (stream.length() < 0 || stream.length() > maxStreamBytes) {
        return Optional.of(
            new RequestRefused(
                RequestRefused.Reason.TOO_LARGE,
                "Data stream "
                    + stream.id()
                    + " declares "
                    + stream.length()
                    + " bytes; this agent accepts from 0 to "
                    + maxStreamBytes
                    + " bytes per stream. Raise k8s-agent.max-stream-bytes to accept larger"
                    + " files."));
      }
    }
    return Optional.empty();
  }
}
