package dev.k8sagent.adapters.octopus.halibut.service;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonFormatException;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ServerError;
import dev.k8sagent.adapters.octopus.halibut.wire.Lines;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.CancelScript;
import dev.k8sagent.ports.in.Capabilities;
import dev.k8sagent.ports.in.CompleteScript;
import dev.k8sagent.ports.in.DownloadFile;
import dev.k8sagent.ports.in.FileTransfer;
import dev.k8sagent.ports.in.RequestRefused;
import dev.k8sagent.ports.in.ScriptExecution;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.ScriptStatusQuery;
import dev.k8sagent.ports.in.UploadFile;
import dev.k8sagent.ports.in.UploadResult;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Answers one request from the server by calling the inbound ports. It never throws for anything
 * the server sent: an unknown service or method, a refused type, a bad field or a failing use case
 * all become an error response, and the connection carries on.
 *
 * <p>Services: {@code ICapabilitiesServiceV2}, {@code IKubernetesScriptServiceV1}, {@code
 * IFileTransferService}, and {@code IScriptServiceV2} (served for servers that call it, not
 * advertised).
 */
public final class ServiceDispatcher {
  private static final System.Logger LOG = System.getLogger(ServiceDispatcher.class.getName());

  /** The {@code Service.Method} names the agent answers; any other is counted as {@link #OTHER}. */
  static final java.util.Set<String> SERVED =
      java.util.Set.of(
          "ICapabilitiesServiceV2.GetCapabilities",
          "IKubernetesScriptServiceV1.StartScript",
          "IKubernetesScriptServiceV1.GetStatus",
          "IKubernetesScriptServiceV1.CancelScript",
          "IKubernetesScriptServiceV1.CompleteScript",
          "IScriptServiceV2.StartScript",
          "IScriptServiceV2.GetStatus",
          "IScriptServiceV2.CancelScript",
          "IScriptServiceV2.CompleteScript",
          "IFileTransferService.UploadFile",
          "IFileTransferService.DownloadFile");

  private static final String CAPABILITIES_SERVICE = "ICapabilitiesServiceV2";
  private static final String GET_CAPABILITIES = "GetCapabilities";

  /** The key {@link #requestCounts()} counts requests for services or methods not served under. */
  public static final String OTHER = "other.other";

  private final ScriptExecution scripts;
  private final FileTransfer files;
  private final Capabilities capabilities;
  private final Supplier<NetGuid> streamIds;
  private final Map<String, java.util.concurrent.atomic.LongAdder> requests =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.LongAdder bytesUploaded =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder bytesDownloaded =
      new java.util.concurrent.atomic.LongAdder();

  public ServiceDispatcher(
      ScriptExecution scripts,
      FileTransfer files,
      Capabilities capabilities,
      Supplier<NetGuid> streamIds) {
    this.scripts = Objects.requireNonNull(scripts, "scripts");
    this.files = Objects.requireNonNull(files, "files");
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    this.streamIds = Objects.requireNonNull(streamIds, "streamIds");
  }

  public ServiceDispatcher(ScriptExecution scripts, FileTransfer files, Capabilities capabilities) {
    this(scripts, files, capabilities, NetGuid::random);
  }

  /** File bytes received from the server so far (uploads). */
  public long bytesUploaded() {
    return bytesUploaded.sum();
  }

  /** File bytes sent to the server so far (downloads). */
  public long bytesDownloaded() {
    return bytesDownloaded.sum();
  }

  /**
   * Requests answered so far, by {@code service.method} for those the agent serves and {@link
   * #OTHER} for the rest (at most {@code SERVED.size() + 1} keys, whatever the server sends).
   */
  public Map<String, Long> requestCounts() {
    Map<String, Long> counts = new java.util.TreeMap<>();
    requests.forEach((what, count) -> counts.put(what, count.sum()));
    return counts;
  }

  /**
   * The answer to {@code request} when it can be given on the calling thread without I/O or
   * waiting: a network thread may call this and send what it returns. Today that is {@code
   * GetCapabilities}; empty for everything else, which {@link #dispatch} answers where waiting is
   * allowed. Counted and checked as {@link #dispatch} does.
   */
  public Optional<Reply> answerAtOnce(RequestMessage request) {
    if (!request.service().equals(CAPABILITIES_SERVICE)
        || !request.method().equals(GET_CAPABILITIES)) {
      return Optional.empty();
    }
    return Optional.of(dispatch(request, Map.of()));
  }

  /** Runs the request with the data streams that came with it (by id) and returns the response. */
  public Reply dispatch(RequestMessage request, Map<NetGuid, Content> streams) {
    String what = request.service() + "." + request.method();
    // counted by name only for what the agent serves: a server's made-up names cannot grow the map
    requests
        .computeIfAbsent(
            SERVED.contains(what) ? what : OTHER, k -> new java.util.concurrent.atomic.LongAdder())
        .increment();
    Optional<String> refused = Envelope.firstUnknownType(request.params());
    if (refused.isPresent()) {
      LOG.log(
          Level.WARNING,
          "Refused " + shown(what) + ": unknown type '" + shown(refused.get()) + "'");
      return failure(
          request,
          ServerError.badRequest(
              "The k8s-agent does not accept values of type '" + refused.get() + "'"));
    }
    try {
      return switch (request.service()) {
        case CAPABILITIES_SERVICE -> capabilities(request);
        case "IKubernetesScriptServiceV1" ->
            scripts(ScriptContract.KUBERNETES_V1, request, streams);
        case "IScriptServiceV2" -> scripts(ScriptContract.SCRIPT_V2, request, streams);
        case "IFileTransferService" -> fileTransfer(request, streams);
        default -> failure(request, ServerError.serviceNotFound(request.service()));
      };
    } catch (BadRequestException | BsonFormatException e) {
      LOG.log(Level.WARNING, "Bad request " + shown(what) + ": " + e.getMessage());
      return failure(request, ServerError.badRequest(e.getMessage()));
    } catch (RequestRefused | IllegalArgumentException e) {
      // refused for good (or a command that fails its own checks): the server must not retry it
      LOG.log(Level.WARNING, shown(what) + " refused: " + e.getMessage());
      return failure(request, ServerError.invocationFailed(what, e));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, shown(what) + " failed", e);
      return failure(request, ServerError.transientFailure(what, e));
    }
  }

  /**
   * The answer to a request refused before its use case ran (for example for the data streams that
   * came with it): a refusal the server does not retry.
   */
  public Reply refuse(RequestMessage request, RequestRefused refusal) {
    String what = request.service() + "." + request.method();
    LOG.log(Level.WARNING, shown(what) + " refused: " + refusal.getMessage());
    return failure(request, ServerError.invocationFailed(what, refusal));
  }

  /** A name the server chose, as a log line may show it: cut short, control characters escaped. */
  private static String shown(String serverText) {
    return Lines.printable(serverText);
  }

  private Reply capabilities(RequestMessage request) {
    if (!request.method().equals(GET_CAPABILITIES)) {
      return methodNotFound(request);
    }
    // the services alone: the port tells them at once, while its cluster version may wait for I/O
    return success(request, Contracts.capabilities(capabilities.services()));
  }

  private Reply scripts(
      ScriptContract contract, RequestMessage request, Map<NetGuid, Content> streams) {
    List<Object> params = request.params();
    return switch (request.method()) {
      case "StartScript" -> {
        BsonDocument command = Contracts.parameter(params, 0, contract.startCommand());
        yield status(
            contract,
            request,
            scripts.start(
                Contracts.startScript(command, ScriptContract.START_TICKET_MEMBER, streams)));
      }
      case "GetStatus" -> {
        BsonDocument query = Contracts.parameter(params, 0, contract.statusRequest());
        yield status(
            contract,
            request,
            scripts.status(
                new ScriptStatusQuery(
                    Contracts.ticket(query, contract.ticketMember()),
                    Contracts.lastLogSequence(query))));
      }
      case "CancelScript" -> {
        BsonDocument command = Contracts.parameter(params, 0, contract.cancelCommand());
        yield status(
            contract,
            request,
            scripts.cancel(
                new CancelScript(
                    Contracts.ticket(command, contract.ticketMember()),
                    Contracts.lastLogSequence(command))));
      }
      case "CompleteScript" -> {
        BsonDocument command = Contracts.parameter(params, 0, contract.completeCommand());
        scripts.complete(
            new CompleteScript(
                Contracts.ticket(command, contract.ticketMember()),
                Contracts.lastLogSequence(command)));
        yield success(request, BsonNull.NULL);
      }
      default -> methodNotFound(request);
    };
  }

  private Reply fileTransfer(RequestMessage request, Map<NetGuid, Content> streams) {
    List<Object> params = request.params();
    return switch (request.method()) {
      case "UploadFile" -> {
        String path = Contracts.stringParameter(params, 0, "the remote path");
        DataStreamRef ref =
            DataStreamRef.of(params.size() > 1 ? params.get(1) : BsonNull.NULL)
                .orElseThrow(
                    () ->
                        new BadRequestException(
                            "UploadFile for '" + path + "' has no data stream"));
        Content content = streams.get(ref.id());
        if (content == null) {
          throw new BadRequestException("The data stream for '" + path + "' did not arrive");
        }
        UploadResult uploaded = files.upload(new UploadFile(path, content));
        bytesUploaded.add(uploaded.length());
        yield success(request, Contracts.uploadResult(uploaded));
      }
      case "DownloadFile" -> {
        String path = Contracts.stringParameter(params, 0, "the remote path");
        Optional<Content> content = files.download(new DownloadFile(path));
        if (content.isEmpty()) {
          yield success(request, BsonNull.NULL);
        }
        DataStreamRef ref = new DataStreamRef(streamIds.get(), content.get().length());
        bytesDownloaded.add(ref.length());
        yield new Reply(
            ResponseMessage.success(request.id(), ref.toTypedBson()),
            List.of(new OutgoingStream(ref, content.get())));
      }
      default -> methodNotFound(request);
    };
  }

  private static Reply status(
      ScriptContract contract, RequestMessage request, ScriptStatus status) {
    return success(request, Contracts.status(contract, status));
  }

  private static Reply success(RequestMessage request, Object result) {
    return Reply.of(ResponseMessage.success(request.id(), result));
  }

  private static Reply failure(RequestMessage request, ServerError error) {
    return Reply.of(ResponseMessage.failure(request.id(), error));
  }

  private static Reply methodNotFound(RequestMessage request) {
    return failure(request, ServerError.methodNotFound(request.service(), request.method()));
  }
}
