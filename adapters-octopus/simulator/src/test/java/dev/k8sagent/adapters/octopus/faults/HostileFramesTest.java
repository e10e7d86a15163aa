package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.SUBSCRIPTION;
import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.message.ServerError;
import dev.k8sagent.adapters.octopus.simulator.SimulatedResponse;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends malformed or hostile frames over a real connection. Whatever it sends, the
 * agent answers a request it can read with a refusal the server does not retry, drops a connection
 * it cannot read, stores nothing it was lied to about, keeps no spool file, and keeps serving.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HostileFramesTest {
  @TempDir Path temp;
  private final InMemoryFileStore store = new InMemoryFileStore("/octopus");
  private FaultFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new FaultFixture(temp, store, 2).start();
    fixture.polling();
  }

  @AfterEach
  void stop() throws Exception {
    eventually("nothing left in the spool").until(() -> fixture.spoolFiles() == 0);
    fixture.polling();
    fixture.stillServes();
    fixture.close();
  }

  @Test
  void a_stream_far_longer_than_declared_is_refused_and_not_written() throws Exception {
    NetGuid id = NetGuid.random();
    byte[] wire =
        Frames.start().upload("Files/small.txt", new DataStreamRef(id, 10)).stream(
                id, 20L * 1024 * 1024, (byte) 'x')
            .bytes();

    refused(wire, "declared 10");
    assertTrue(store.retrieve(RelativePath.parse("Files/small.txt")).isEmpty());
  }

  @Test
  void one_stream_referred_to_twice_is_refused_and_not_written() throws Exception {
    NetGuid id = NetGuid.random();
    byte[] wire =
        Frames.start()
            .upload("Files/twice.txt", new DataStreamRef(id, 5), new DataStreamRef(id, 5))
            .stream(id, 5, (byte) 'a')
            .stream(id, 5, (byte) 'b')
            .bytes();

    refused(wire, "more than once");
    assertTrue(store.retrieve(RelativePath.parse("Files/twice.txt")).isEmpty());
  }

  @Test
  void a_stream_over_the_agents_limit_is_refused_and_dropped_as_it_arrives() throws Exception {
    NetGuid id = NetGuid.random();
    long overLimit = FaultFixture.MAX_STREAM_BYTES + 1;
    byte[] wire =
        Frames.start().upload("Files/huge.bin", new DataStreamRef(id, overLimit)).stream(
                id, overLimit, (byte) 0)
            .bytes();

    refused(wire, "k8s-agent.max-stream-bytes");
    assertTrue(store.retrieve(RelativePath.parse("Files/huge.bin")).isEmpty());
  }

  @Test
  void the_agents_own_state_cannot_be_read_through_a_download() throws Exception {
    byte[] wire =
        Frames.start()
            .request("IFileTransferService", "DownloadFile", List.of(".k8s-agent/state.properties"))
            .bytes();

    refused(wire, "the agent's own");
  }

  @Test
  void garbage_instead_of_a_request_drops_the_connection_and_the_agent_comes_back() {
    byte[] wire = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    dropped(wire, false);
  }

  @Test
  void a_request_cut_short_by_the_server_leaves_the_agent_polling() {
    NetGuid id = NetGuid.random();
    byte[] whole =
        Frames.start().upload("Files/cut.bin", new DataStreamRef(id, 4096)).stream(
                id, 4096, (byte) 1)
            .bytes();
    byte[] cut = Arrays.copyOf(whole, whole.length - 1000);
    dropped(cut, true);
    assertTrue(store.retrieve(RelativePath.parse("Files/cut.bin")).isEmpty());
  }

  @Test
  void a_negative_stream_length_drops_the_connection() {
    NetGuid id = NetGuid.random();
    byte[] wire =
        Frames.start()
            .upload("Files/neg.bin", new DataStreamRef(id, 5))
            .raw(dev.k8sagent.adapters.octopus.halibut.wire.DataStreamFrame.header(id, -5))
            .bytes();
    dropped(wire, false);
  }

  /** The server's bytes end the connection (the agent drops it, or the server hangs up). */
  private void dropped(byte[] wire, boolean serverHangsUp) {
    assertThrows(
        ExecutionException.class,
        () -> fixture.server.sendRaw(SUBSCRIPTION, wire, serverHangsUp).get(30, TimeUnit.SECONDS));
  }

  private void refused(byte[] wire, String naming) throws Exception {
    SimulatedResponse response =
        fixture.server.sendRaw(SUBSCRIPTION, wire, false).get(30, TimeUnit.SECONDS);
    ServerError error =
        response.response().error().orElseThrow(() -> new AssertionError("not refused"));
    assertTrue(
        error
            .details()
            .startsWith(
                "System.Reflection.TargetInvocationException: Exception has been thrown by the"
                    + " target of an invocation."),
        "refused in the shape the server does not retry: " + error.details());
    assertTrue(error.message().contains(naming), error.message());
  }
}
