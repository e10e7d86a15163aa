package dev.k8sagent.adapters.octopus.halibut.service;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.bson.TimeSpans;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.TypeNames;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.image.ContainerImage;
import dev.k8sagent.domain.image.ImagePullCredentials;
import dev.k8sagent.domain.task.AuthContext;
import dev.k8sagent.domain.task.Isolation;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.task.ScriptType;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.ScriptFile;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.in.StartScript;
import dev.k8sagent.ports.in.StepImage;
import dev.k8sagent.ports.in.UploadResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Tentacle contract types as BSON: reading the commands the server sends and writing the
 * results it reads. Member names are PascalCase as declared in C#; every result member is always
 * written (the server's constructors take them all).
 */
final class Contracts {
  private Contracts() {}

  static ScriptTicket ticket(BsonDocument command, String member) {
    BsonDocument ticket = command.requiredDocument(member);
    String taskId = ticket.requiredString("TaskId");
    try {
      return new ScriptTicket(taskId);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage());
    }
  }

  static long lastLogSequence(BsonDocument command) {
    return command.integer("LastLogSequence").orElse(0L);
  }

  /** {@code StartKubernetesScriptCommandV1} or {@code StartScriptCommandV2}. */
  static StartScript startScript(
      BsonDocument command, String ticketMember, Map<NetGuid, Content> streams) {
    ScriptTicket ticket = ticket(command, ticketMember);
    Map<ScriptType, String> scripts = new EnumMap<>(ScriptType.class);
    for (Map.Entry<String, Object> entry :
        command.document("Scripts").orElseGet(BsonDocument::new).fields().entrySet()) {
      if (entry.getValue() instanceof String body) {
        scripts.put(ScriptType.fromWireName(entry.getKey()), body);
      } else {
        throw new BadRequestException(
            "Scripts['" + entry.getKey() + "'] must be the script's text");
      }
    }
    List<String> arguments = new ArrayList<>();
    for (Object argument : command.array("Arguments")) {
      if (!(argument instanceof String text)) {
        throw new BadRequestException("Arguments must be strings");
      }
      arguments.add(text);
    }
    Duration mutexTimeout =
        command.string("ScriptIsolationMutexTimeout").map(TimeSpans::parse).orElse(null);
    Isolation isolation =
        Isolation.fromRequest(
            command.integer("Isolation").orElse(0L).intValue(),
            command.string("IsolationMutexName").orElse(null),
            mutexTimeout);
    List<ScriptFile> files = new ArrayList<>();
    for (Object element : command.array("Files")) {
      if (!(element instanceof BsonDocument file)) {
        throw new BadRequestException("Files must be objects with Name and Contents");
      }
      String name = file.requiredString("Name");
      DataStreamRef ref =
          DataStreamRef.of(file.requiredDocument("Contents"))
              .orElseThrow(
                  () -> new BadRequestException("File '" + name + "' has no data stream contents"));
      Content content = streams.get(ref.id());
      if (content == null) {
        throw new BadRequestException("The data stream of file '" + name + "' did not arrive");
      }
      files.add(
          new ScriptFile(
              RelativePath.parse(name.replace('\\', '/')),
              content,
              file.string("EncryptionPassword").filter(p -> !p.isEmpty())));
    }
    return new StartScript(
        ticket,
        command.string("TaskId").orElse(""),
        command.string("ScriptBody").orElse(""),
        scripts,
        arguments,
        isolation,
        command.document("PodImageConfiguration").flatMap(Contracts::stepImage),
        command.string("ScriptPodServiceAccountName").filter(s -> !s.isBlank()),
        files,
        command.bool("IsRawScript").orElse(false),
        command.document("AuthContext").map(Contracts::authContext),
        command.string("ScriptPodPlatform").filter(s -> !s.isBlank()));
  }

  private static Optional<StepImage> stepImage(BsonDocument configuration) {
    Optional<String> image = configuration.string("Image").filter(s -> !s.isBlank());
    if (image.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> feedUrl = configuration.string("FeedUrl").filter(s -> !s.isBlank());
    Optional<String> username = configuration.string("FeedUsername").filter(s -> !s.isBlank());
    Optional<ImagePullCredentials> credentials =
        feedUrl.isPresent() && username.isPresent()
            ? Optional.of(
                new ImagePullCredentials(
                    feedUrl.get(), username.get(), configuration.string("FeedPassword").orElse("")))
            : Optional.empty();
    return Optional.of(new StepImage(ContainerImage.parse(image.get()), credentials));
  }

  private static AuthContext authContext(BsonDocument context) {
    return new AuthContext(
        context.string("SpaceSlug").orElse(""),
        context.string("ProjectSlug").orElse(""),
        context.string("ProjectGroupSlug").filter(s -> !s.isBlank()),
        context.string("EnvironmentSlug").orElse(""),
        context.string("TenantSlug").filter(s -> !s.isBlank()),
        context.string("StepSlug").orElse(""));
  }

  /**
   * The status result of a script service version, e.g. {@code KubernetesScriptStatusResponseV1}.
   */
  static BsonDocument status(ScriptContract contract, ScriptStatus status) {
    return new BsonDocument()
        .put("$type", TypeNames.wireName(contract.statusResponse()))
        .put(contract.ticketMember(), ticketBson(status.ticket()))
        .put("Logs", logs(status.logs()))
        .put("NextLogSequence", status.nextLogSequence())
        .put("State", status.state().wireValue())
        .put("ExitCode", status.exitCode().value());
  }

  static BsonDocument uploadResult(UploadResult result) {
    return new BsonDocument()
        .put("$type", TypeNames.wireName("UploadResult"))
        .put("FullPath", result.fullPath())
        .put("Hash", result.hash())
        .put("Length", result.length());
  }

  static BsonDocument capabilities(List<String> services) {
    return new BsonDocument()
        .put("$type", TypeNames.wireName("CapabilitiesResponseV2"))
        .put("SupportedCapabilities", List.copyOf(services));
  }

  private static BsonDocument ticketBson(ScriptTicket ticket) {
    return new BsonDocument().put("TaskId", ticket.taskId());
  }

  private static List<Object> logs(List<OutputLine> lines) {
    List<Object> out = new ArrayList<>(lines.size());
    for (OutputLine line : lines) {
      out.add(
          new BsonDocument()
              .put("Source", line.source().wireValue())
              .put("Occurred", line.occurred())
              .put("Text", line.text()));
    }
    return out;
  }

  /** Checks an object parameter is the contract type the method takes. */
  static BsonDocument parameter(List<Object> params, int index, String simpleTypeName) {
    if (params.size() <= index) {
      throw new BadRequestException(
          "Expected a " + simpleTypeName + " as parameter " + (index + 1) + " but it is missing");
    }
    if (!(params.get(index) instanceof BsonDocument document)) {
      throw new BadRequestException(
          "Expected a " + simpleTypeName + " as parameter " + (index + 1) + " but got a value");
    }
    Optional<String> type = document.string("$type");
    if (type.isPresent()
        && !TypeNames.simpleName(type.get()).map(simpleTypeName::equals).orElse(false)) {
      throw new BadRequestException(
          "Expected a "
              + simpleTypeName
              + " as parameter "
              + (index + 1)
              + " but got "
              + type.get());
    }
    return document;
  }

  static String stringParameter(List<Object> params, int index, String what) {
    if (params.size() <= index || !(params.get(index) instanceof String text)) {
      throw new BadRequestException("Expected " + what + " (a string) as parameter " + (index + 1));
    }
    return text;
  }
}
