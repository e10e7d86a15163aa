package dev.k8sagent.adapters.octopus.halibut.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.Hex;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.Envelope;
import dev.k8sagent.adapters.octopus.halibut.message.RequestMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ResponseMessage;
import dev.k8sagent.adapters.octopus.halibut.message.ServerError;
import dev.k8sagent.adapters.octopus.halibut.message.TypeNames;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.domain.task.ExitCode;
import dev.k8sagent.domain.task.OutputLine;
import dev.k8sagent.domain.task.OutputSource;
import dev.k8sagent.domain.task.ScriptState;
import dev.k8sagent.domain.task.ScriptTicket;
import dev.k8sagent.domain.version.KubernetesVersion;
import dev.k8sagent.domain.version.SemanticVersion;
import dev.k8sagent.ports.content.Content;
import dev.k8sagent.ports.in.ScriptStatus;
import dev.k8sagent.ports.out.FileStore;
import dev.k8sagent.ports.out.StoredFile;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import dev.k8sagent.ports.out.twins.InMemoryScriptPods;
import dev.k8sagent.ports.out.twins.InMemoryWorkspaces;
import dev.k8sagent.ports.out.twins.PodLife;
import dev.k8sagent.ports.service.DescribingCapabilities;
import dev.k8sagent.ports.service.ExecutionSettings;
import dev.k8sagent.ports.service.RunningScripts;
import dev.k8sagent.ports.service.TransferringFiles;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.bson.BsonString;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

class ServiceDispatcherTest {
  private static final String K8S = "Octopus.Tentacle.Contracts.KubernetesScriptServiceV1.";
  private static final String CONTRACTS = ", Octopus.Tentacle.Contracts";

  private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
  private final InMemoryWorkspaces workspaces = new InMemoryWorkspaces("/octopus", clock);
  private final InMemoryScriptPods pods = new InMemoryScriptPods(clock);
  private final InMemoryFileStore store = new InMemoryFileStore("/octopus");
  private final RunningScripts scripts =
      new RunningScripts(
          workspaces,
          pods,
          request -> Optional.empty(),
          () -> Optional.of(KubernetesVersion.parse("v1.29.3")),
          ExecutionSettings.defaults(),
          clock);
  private final AtomicInteger streamIds = new AtomicInteger();
  private final ServiceDispatcher dispatcher =
      new ServiceDispatcher(
          scripts,
          new TransferringFiles(store, "/octopus"),
          new DescribingCapabilities(
              SemanticVersion.parse("1.2.3"),
              () -> Optional.of(KubernetesVersion.parse("v1.29.3"))),
          () -> new NetGuid(new java.util.UUID(0, streamIds.incrementAndGet())));

  @Test
  void capabilities_are_exactly_the_two_kubernetes_services() {
    Reply reply =
        dispatcher.dispatch(request("ICapabilitiesServiceV2", "GetCapabilities"), Map.of());
    BsonDocument result = (BsonDocument) reply.response().result();
    assertEquals(
        "Octopus.Tentacle.Contracts.Capabilities.CapabilitiesResponseV2" + CONTRACTS,
        result.requiredString("$type"));
    assertEquals(
        List.of("IFileTransferService", "IKubernetesScriptServiceV1"),
        result.array("SupportedCapabilities"));
  }

  @Test
  void a_status_response_is_encoded_as_the_vector_of_the_specification() {
    ScriptStatus status =
        new ScriptStatus(
            new ScriptTicket("Z3kYqv0Rk0GOmQ2cW8y6xA"),
            ScriptState.RUNNING,
            ExitCode.SUCCESS,
            List.of(
                new OutputLine(
                    1, OutputSource.STDOUT, "hello", Instant.parse("2026-01-01T00:00:00Z"))),
            1);
    byte[] bson =
        Envelope.response(
            ResponseMessage.success(
                "IKubernetesScriptServiceV1::GetStatusAsync[7] / 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
                Contracts.status(ScriptContract.KUBERNETES_V1, status)));
    assertEquals(
        "e9010000034d65737361676500db010000022474797065003400000048616c696275742e5472616e73706f72742e50726f746f636f6c2e526573706f6e73654d6573736167652c2048616c69627574000269640055000000494b756265726e657465735363726970745365727669636556313a3a4765745374617475734173796e635b375d202f2031623465323862612d326661312d313164322d383833662d303031366433636361343237000a6572726f720003726573756c74002b01000002247479706500720000004f63746f7075732e54656e7461636c652e436f6e7472616374732e4b756265726e657465735363726970745365727669636556312e4b756265726e65746573536372697074537461747573526573706f6e736556312c204f63746f7075732e54656e7461636c652e436f6e74726163747300035363726970745469636b65740028000000025461736b496400170000005a336b59717630526b30474f6d5132635738793678410000044c6f6773003b0000000330003300000010536f757263650000000000094f636375727265640000a8da769b0100000254657874000600000068656c6c6f000000124e6578744c6f6753657175656e636500010000000000000010537461746500010000001045786974436f64650000000000000000",
        Hex.of(bson));
  }

  @Test
  void start_script_writes_the_files_from_their_data_streams_and_reports_pending() {
    ScriptTicket ticket = new ScriptTicket("Z3kYqv0Rk0GOmQ2cW8y6xA");
    pods.script(ticket, PodLife.runningForever());
    NetGuid streamId = NetGuid.parse("9a4b47b7-7463-4740-842e-eb1da0ade39b");
    BsonDocument command =
        new BsonDocument()
            .put("$type", K8S + "StartKubernetesScriptCommandV1" + CONTRACTS)
            .put("IsRawScript", false)
            .put("ScriptBody", "echo hi")
            .put("TaskId", "ServerTasks-123")
            .put("ScriptTicket", new BsonDocument().put("TaskId", ticket.taskId()))
            .put("Isolation", 1)
            .put("ScriptIsolationMutexTimeout", "24.20:31:23.6470000")
            .put("IsolationMutexName", "RunningScript")
            .put("PodImageConfiguration", BsonNull.NULL)
            .put("Scripts", new BsonDocument().put("Bash", "echo from bash"))
            .put(
                "Files",
                List.of(
                    new BsonDocument()
                        .put("Name", "Calamari.zip")
                        .put("Contents", new DataStreamRef(streamId, 5).toBson())
                        .put("EncryptionPassword", BsonNull.NULL)))
            .put("Arguments", List.of("-v"))
            .put("ScriptPodServiceAccountName", BsonNull.NULL)
            .put("AuthContext", BsonNull.NULL);

    Reply reply =
        dispatcher.dispatch(
            request("IKubernetesScriptServiceV1", "StartScript", command),
            Map.of(streamId, Content.ofText("PK..!")));

    assertTrue(reply.response().error().isEmpty(), () -> reply.response().error().toString());
    BsonDocument result = (BsonDocument) reply.response().result();
    assertEquals(
        K8S + "KubernetesScriptStatusResponseV1" + CONTRACTS, result.requiredString("$type"));
    assertEquals(ticket.taskId(), result.requiredDocument("ScriptTicket").requiredString("TaskId"));
    assertEquals(0L, result.integer("ExitCode").orElseThrow());
    assertEquals(1, pods.launches().size());
    assertEquals(
        "PK..!", read(workspaces.read(ticket, RelativePath.parse("Calamari.zip")).orElseThrow()));
    assertEquals(
        "echo from bash",
        read(workspaces.read(ticket, RelativePath.parse("Bootstrap.sh")).orElseThrow()));
  }

  @Test
  void status_of_an_unknown_ticket_is_complete_with_pod_not_found() {
    BsonDocument query =
        new BsonDocument()
            .put("$type", K8S + "KubernetesScriptStatusRequestV1" + CONTRACTS)
            .put("ScriptTicket", new BsonDocument().put("TaskId", "nobody"))
            .put("LastLogSequence", 0L);
    BsonDocument result =
        (BsonDocument)
            dispatcher
                .dispatch(request("IKubernetesScriptServiceV1", "GetStatus", query), Map.of())
                .response()
                .result();
    assertEquals(2L, result.integer("State").orElseThrow());
    assertEquals(-81L, result.integer("ExitCode").orElseThrow());
    assertTrue(!result.array("Logs").isEmpty(), "a line says why");
  }

  @Test
  void script_service_v2_reads_and_writes_its_ticket_as_ticket() {
    BsonDocument query =
        new BsonDocument()
            .put(
                "$type",
                "Octopus.Tentacle.Contracts.ScriptServiceV2.ScriptStatusRequestV2" + CONTRACTS)
            .put("Ticket", new BsonDocument().put("TaskId", "nobody"))
            .put("LastLogSequence", 0L);
    BsonDocument result =
        (BsonDocument)
            dispatcher
                .dispatch(request("IScriptServiceV2", "GetStatus", query), Map.of())
                .response()
                .result();
    assertEquals(
        "Octopus.Tentacle.Contracts.ScriptServiceV2.ScriptStatusResponseV2" + CONTRACTS,
        result.requiredString("$type"));
    assertEquals("nobody", result.requiredDocument("Ticket").requiredString("TaskId"));
    assertEquals(-81L, result.integer("ExitCode").orElseThrow());
  }

  @Test
  void upload_answers_with_the_legacy_upload_result_and_download_sends_a_stream() throws Exception {
    NetGuid id = NetGuid.random();
    Reply upload =
        dispatcher.dispatch(
            request(
                "IFileTransferService",
                "UploadFile",
                "Work/pkg.txt",
                new DataStreamRef(id, 3).toTypedBson()),
            Map.of(id, Content.ofText("abc")));
    BsonDocument result = (BsonDocument) upload.response().result();
    assertEquals(
        "Octopus.Shared.Contracts.UploadResult, Octopus.Shared", result.requiredString("$type"));
    assertEquals("/octopus/Work/pkg.txt", result.requiredString("FullPath"));
    assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", result.requiredString("Hash"));
    assertEquals(3L, result.get("Length").orElseThrow());

    Reply download =
        dispatcher.dispatch(
            request("IFileTransferService", "DownloadFile", "Work/pkg.txt"), Map.of());
    BsonDocument ref = (BsonDocument) download.response().result();
    assertEquals(TypeNames.DATA_STREAM, ref.requiredString("$type"));
    assertEquals(1, download.streams().size());
    assertEquals(ref.guid("id").orElseThrow(), download.streams().get(0).ref().id());
    try (InputStream in = download.streams().get(0).content().open()) {
      assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), in.readAllBytes());
    }

    Reply missing =
        dispatcher.dispatch(request("IFileTransferService", "DownloadFile", "Work/none"), Map.of());
    assertEquals(BsonNull.NULL, missing.response().result());
    assertTrue(missing.streams().isEmpty());
  }

  @Test
  void unknown_service_and_method_get_the_errors_halibut_would_send() {
    ServerError service =
        dispatcher
            .dispatch(request("IScriptService", "StartScript"), Map.of())
            .response()
            .error()
            .orElseThrow();
    assertEquals("Service not found: IScriptService", service.message());
    assertEquals(Optional.of(ServerError.SERVICE_NOT_FOUND), service.halibutErrorType());

    ServerError method =
        dispatcher
            .dispatch(request("IKubernetesScriptServiceV1", "Explode"), Map.of())
            .response()
            .error()
            .orElseThrow();
    assertEquals(Optional.of(ServerError.METHOD_NOT_FOUND), method.halibutErrorType());
  }

  @Test
  void an_unknown_type_is_refused_and_nothing_runs() {
    BsonDocument sneaky =
        new BsonDocument()
            .put("$type", "System.Diagnostics.Process, System")
            .put("StartInfo", "rm -rf /");
    ServerError error =
        dispatcher
            .dispatch(request("IKubernetesScriptServiceV1", "StartScript", sneaky), Map.of())
            .response()
            .error()
            .orElseThrow();
    assertTrue(error.message().contains("System.Diagnostics.Process, System"));
    assertTrue(pods.launches().isEmpty());
  }

  @Test
  void a_bad_field_is_answered_with_an_error_naming_it() {
    BsonDocument query =
        new BsonDocument()
            .put("$type", K8S + "KubernetesScriptStatusRequestV1" + CONTRACTS)
            .put("ScriptTicket", "not an object");
    ServerError error =
        dispatcher
            .dispatch(request("IKubernetesScriptServiceV1", "GetStatus", query), Map.of())
            .response()
            .error()
            .orElseThrow();
    assertTrue(error.message().contains("ScriptTicket"), error.message());
  }

  @Test
  void a_command_the_use_case_rejects_is_a_non_retryable_invocation_error() {
    BsonDocument command =
        new BsonDocument()
            .put("$type", K8S + "StartKubernetesScriptCommandV1" + CONTRACTS)
            .put("ScriptBody", "")
            .put("ScriptTicket", new BsonDocument().put("TaskId", "t1"));
    ServerError error =
        dispatcher
            .dispatch(request("IKubernetesScriptServiceV1", "StartScript", command), Map.of())
            .response()
            .error()
            .orElseThrow();
    assertTrue(error.message().contains("no script to run"), error.message());
    assertTrue(error.details().startsWith("System.Reflection.TargetInvocationException"));
  }

  @Test
  void an_upload_the_volume_cannot_hold_is_refused_so_the_server_does_not_retry_it() {
    store.setUsableSpace(1024);
    NetGuid id = NetGuid.random();

    Reply reply =
        dispatcher.dispatch(
            request(
                "IFileTransferService",
                "UploadFile",
                "Files/pkg.zip",
                new DataStreamRef(id, 3).toTypedBson()),
            Map.of(id, Content.ofText("abc")));

    ServerError error = reply.response().error().orElseThrow();
    assertTrue(error.message().contains("Enlarge the volume"), error.message());
    assertFalse(serverRetries(error), error::toString);
    assertTrue(store.retrieve(RelativePath.parse("Files/pkg.zip")).isEmpty());
    // On the wire: the ServerError Halibut reads, with no error type, as Tentacle sends a service
    // failure; checked against an independent BSON writer.
    org.bson.BsonDocument expected =
        new org.bson.BsonDocument()
            .append("message", new BsonString(error.message()))
            .append("details", new BsonString(error.details()))
            .append("HalibutErrorType", new org.bson.BsonNull());
    RawBsonDocument wire = new RawBsonDocument(Envelope.response(reply.response()));
    assertArrayEquals(
        bytes(new RawBsonDocument(expected, new BsonDocumentCodec())),
        bytes((RawBsonDocument) wire.getDocument("Message").getDocument("error")));
  }

  @Test
  void a_path_outside_the_home_is_refused_for_good() {
    ServerError error =
        dispatcher
            .dispatch(request("IFileTransferService", "DownloadFile", "/etc/passwd"), Map.of())
            .response()
            .error()
            .orElseThrow();

    assertFalse(serverRetries(error), error::toString);
  }

  @Test
  void the_agents_own_state_is_refused_for_good_to_download_and_upload() {
    NetGuid id = NetGuid.random();
    assertRefusedForGood(
        dispatcher.dispatch(
            request("IFileTransferService", "DownloadFile", "/octopus/.k8s-agent/state.properties"),
            Map.of()),
        "the agent's own");
    assertRefusedForGood(
        dispatcher.dispatch(
            request(
                "IFileTransferService",
                "UploadFile",
                ".k8s-agent/state.properties",
                new DataStreamRef(id, 1).toTypedBson()),
            Map.of(id, Content.ofText("x"))),
        "the agent's own");
  }

  @Test
  void a_file_name_holding_a_newline_is_refused_for_good() {
    NetGuid id = NetGuid.random();
    assertRefusedForGood(
        dispatcher.dispatch(
            request(
                "IFileTransferService",
                "UploadFile",
                "Files/a\nb.txt",
                new DataStreamRef(id, 1).toTypedBson()),
            Map.of(id, Content.ofText("x"))),
        "control character");
  }

  @Test
  void a_ticket_that_is_no_ticket_is_refused_for_good() {
    BsonDocument query =
        new BsonDocument()
            .put("$type", K8S + "KubernetesScriptStatusRequestV1" + CONTRACTS)
            .put("ScriptTicket", new BsonDocument().put("TaskId", "a\nb"))
            .put("LastLogSequence", 0L);
    assertRefusedForGood(
        dispatcher.dispatch(request("IKubernetesScriptServiceV1", "GetStatus", query), Map.of()),
        "Script ticket");
  }

  @Test
  void a_second_start_whose_ticket_differs_only_in_case_is_refused_for_good() {
    ScriptTicket ticket = new ScriptTicket("Z3kYqv0Rk0GOmQ2cW8y6xA");
    pods.script(ticket, PodLife.runningForever());
    Reply first =
        dispatcher.dispatch(
            request("IKubernetesScriptServiceV1", "StartScript", startCommand(ticket.taskId())),
            Map.of());
    assertTrue(first.response().error().isEmpty(), () -> first.response().error().toString());

    assertRefusedForGood(
        dispatcher.dispatch(
            request(
                "IKubernetesScriptServiceV1",
                "StartScript",
                startCommand(ticket.taskId().toLowerCase(java.util.Locale.ROOT))),
            Map.of()),
        "differs only in case");
  }

  private static BsonDocument startCommand(String ticket) {
    return new BsonDocument()
        .put("$type", K8S + "StartKubernetesScriptCommandV1" + CONTRACTS)
        .put("ScriptBody", "echo hi")
        .put("ScriptTicket", new BsonDocument().put("TaskId", ticket));
  }

  private static void assertRefusedForGood(Reply reply, String naming) {
    ServerError error = reply.response().error().orElseThrow(() -> new AssertionError("accepted"));
    assertTrue(error.message().contains(naming), error.message());
    assertFalse(serverRetries(error), error::toString);
  }

  @Test
  void a_failure_that_may_pass_stays_retryable() {
    ServiceDispatcher flaky =
        new ServiceDispatcher(
            scripts,
            new TransferringFiles(new BrokenDisk(), "/octopus"),
            new DescribingCapabilities(SemanticVersion.parse("1.2.3"), Optional::empty));

    ServerError error =
        flaky
            .dispatch(request("IFileTransferService", "DownloadFile", "Files/pkg.zip"), Map.of())
            .response()
            .error()
            .orElseThrow();

    assertTrue(error.message().contains("Input/output error"), error.message());
    assertTrue(serverRetries(error), error::toString);
  }

  /**
   * Whether an Octopus Server retries a call that got this error: it does unless the error is
   * rebuilt as a missing service or method, or as an exception thrown inside the service (named by
   * its error type, or by details that start as .NET's invocation failure does).
   */
  private static boolean serverRetries(ServerError error) {
    boolean namedNotRetryable =
        error
            .halibutErrorType()
            .filter(
                type ->
                    type.equals(ServerError.SERVICE_NOT_FOUND)
                        || type.equals(ServerError.METHOD_NOT_FOUND)
                        || type.equals(
                            "Halibut.Exceptions.ServiceInvocationHalibutClientException"))
            .isPresent();
    boolean thrownByService =
        error
            .details()
            .startsWith(
                "System.Reflection.TargetInvocationException: Exception has been thrown by the"
                    + " target of an invocation.");
    boolean notFound =
        error.message().startsWith("Service not found: ")
            || (error.message().startsWith("Service ") && error.message().endsWith(" not found"));
    return !(namedNotRetryable || thrownByService || notFound);
  }

  private static byte[] bytes(RawBsonDocument document) {
    java.nio.ByteBuffer buffer = document.getByteBuffer().asNIO();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }

  /** A volume whose reads fail as a hiccup of the storage does. */
  private static final class BrokenDisk implements FileStore {
    @Override
    public StoredFile store(RelativePath pathInHome, Content content) {
      throw new java.io.UncheckedIOException(new java.io.IOException("Input/output error"));
    }

    @Override
    public Optional<Content> retrieve(RelativePath pathInHome) {
      throw new java.io.UncheckedIOException(new java.io.IOException("Input/output error"));
    }

    @Override
    public long usableSpace() {
      return Long.MAX_VALUE;
    }
  }

  @Test
  void names_the_server_chose_reach_the_log_on_one_line_and_cut_short() {
    java.util.logging.Logger logger =
        java.util.logging.Logger.getLogger(ServiceDispatcher.class.getName());
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord record) {
            lines.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    try {
      dispatcher.refuse(
          request("IForged\nWARNING: agent compromised", "M".repeat(10_000)),
          new dev.k8sagent.ports.in.RequestRefused(
              dev.k8sagent.ports.in.RequestRefused.Reason.INVALID_REQUEST, "refused"));
    } finally {
      logger.removeHandler(capture);
    }

    assertEquals(1, lines.size());
    assertFalse(lines.get(0).contains("\n"), lines.get(0));
    assertTrue(lines.get(0).contains("IForged\\x0aWARNING"), lines.get(0));
    assertTrue(lines.get(0).length() < 200, "cut short: " + lines.get(0).length());
  }

  private static RequestMessage request(String service, String method, Object... params) {
    return new RequestMessage(
        service + "::" + method + "Async[1] / x",
        NetGuid.random(),
        service,
        method,
        List.of(params));
  }

  private static String read(Content content) {
    try (InputStream in = content.open()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
