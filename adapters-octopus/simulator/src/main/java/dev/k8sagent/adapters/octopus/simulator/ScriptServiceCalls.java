package dev.k8sagent.adapters.octopus.simulator;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.message.TypeNames;
import dev.k8sagent.adapters.octopus.halibut.service.OutgoingStream;
import dev.k8sagent.ports.content.Content;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What Octopus Server asks a Kubernetes agent, made through a {@link ServerSimulator}: upload a
 * file, start a script, poll its status, complete it. The requests are built the way the server
 * builds them, so the demo and end-to-end tests drive the agent exactly as a server would.
 */
public final class ScriptServiceCalls {
  private static final String SCRIPT_SERVICE = "IKubernetesScriptServiceV1";

  private final ServerSimulator server;
  private final String subscriptionId;
  private final Duration timeout;

  public ScriptServiceCalls(ServerSimulator server, String subscriptionId, Duration timeout) {
    this.server = server;
    this.subscriptionId = subscriptionId;
    this.timeout = timeout;
  }

  /** One line of task output as the agent reported it. */
  public record LogLine(int source, String text) {
    /** Source 1 is stderr in the contract. */
    public boolean isError() {
      return source == 1;
    }
  }

  /** The agent's answer about a script. State 2 is Complete. */
  public record Status(int state, int exitCode, List<LogLine> logs, long nextLogSequence) {
    public boolean isComplete() {
      return state == 2;
    }
  }

  /** Uploads {@code content} to {@code remotePath} below the agent's home; returns its length. */
  public long upload(String remotePath, Content content) {
    NetGuid id = NetGuid.random();
    DataStreamRef ref = new DataStreamRef(id, content.length());
    BsonDocument result =
        (BsonDocument)
            call(
                    "IFileTransferService",
                    "UploadFile",
                    List.of(remotePath, ref.toTypedBson()),
                    List.of(new OutgoingStream(ref, content)))
                .result();
    return ((Number) result.get("Length").orElseThrow()).longValue();
  }

  /** Starts a Bash script; isolation off. */
  public Status startScript(String ticket, String taskId, String bash, List<String> arguments) {
    BsonDocument command =
        new BsonDocument()
            .put("$type", TypeNames.wireName("StartKubernetesScriptCommandV1"))
            .put("IsRawScript", false)
            .put("ScriptBody", bash)
            .put("TaskId", taskId)
            .put("ScriptTicket", ticket(ticket))
            .put("Isolation", 0)
            .put("ScriptIsolationMutexTimeout", "00:10:00")
            .put("IsolationMutexName", "RunningScript")
            .put("PodImageConfiguration", BsonNull.NULL)
            .put("Scripts", new BsonDocument().put("Bash", bash))
            .put("Files", List.of())
            .put("Arguments", List.copyOf(arguments))
            .put("ScriptPodServiceAccountName", BsonNull.NULL)
            .put("AuthContext", BsonNull.NULL);
    return status(call(SCRIPT_SERVICE, "StartScript", List.of(command), List.of()));
  }

  public Status status(String ticket, long lastLogSequence) {
    return status(
        call(
            SCRIPT_SERVICE,
            "GetStatus",
            List.of(sequenced("KubernetesScriptStatusRequestV1", ticket, lastLogSequence)),
            List.of()));
  }

  /** Tells the agent the server has everything; the agent cleans up (the call returns nothing). */
  public void complete(String ticket, long lastLogSequence) {
    call(
        SCRIPT_SERVICE,
        "CompleteScript",
        List.of(sequenced("CompleteKubernetesScriptCommandV1", ticket, lastLogSequence)),
        List.of());
  }

  private static BsonDocument sequenced(String type, String ticket, long lastLogSequence) {
    return new BsonDocument()
        .put("$type", TypeNames.wireName(type))
        .put("ScriptTicket", ticket(ticket))
        .put("LastLogSequence", lastLogSequence);
  }

  private static BsonDocument ticket(String ticket) {
    return new BsonDocument().put("TaskId", ticket);
  }

  private static Status status(ResponseMessage response) {
    BsonDocument result = (BsonDocument) response.result();
    List<LogLine> logs = new ArrayList<>();
    for (Object line : result.array("Logs")) {
      BsonDocument document = (BsonDocument) line;
      logs.add(
          new LogLine(
              ((Number) document.get("Source").orElse(0)).intValue(),
              String.valueOf(document.get("Text").orElse(""))));
    }
    return new Status(
        ((Number) result.get("State").orElseThrow()).intValue(),
        ((Number) result.get("ExitCode").orElseThrow()).intValue(),
        logs,
        ((Number) result.get("NextLogSequence").orElseThrow()).longValue());
  }

  private ResponseMessage call(
      String service, String method, List<Object> params, List<OutgoingStream> streams) {
    try {
      ResponseMessage response =
          server
              .call(subscriptionId, service, method, params, streams)
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .response();
      if (response.error().isPresent()) {
        throw new IllegalStateException(
            service + "." + method + " failed on the agent: " + response.error().get().message());
      }
      return response;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted calling " + service + "." + method, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          service + "." + method + " got no answer: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          service
              + "."
              + method
              + " got no answer within "
              + timeout.toSeconds()
              + " s: is the agent polling?",
          e);
    }
  }
}
