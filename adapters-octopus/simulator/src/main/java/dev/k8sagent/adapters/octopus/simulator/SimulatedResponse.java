package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import java.nio.file.Path;
import java.util.Map;

/** What the agent answered, with the data streams it sent (held in temporary files). */
public record SimulatedResponse(ResponseMessage response, Map<NetGuid, Path> streams) {
  public SimulatedResponse {
    streams = Map.copyOf(streams);
  }
}
