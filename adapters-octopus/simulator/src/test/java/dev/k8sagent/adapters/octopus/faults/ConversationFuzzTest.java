package dev.k8sagent.adapters.octopus.faults;

import static dev.k8sagent.adapters.octopus.faults.FaultFixture.SUBSCRIPTION;
import static dev.k8sagent.adapters.octopus.faults.FaultFixture.eventually;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.message.DataStreamRef;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import dev.k8sagent.domain.files.RelativePath;
import dev.k8sagent.ports.out.twins.InMemoryFileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole conversations from a hostile server, generated from a fixed seed so every build replays the
 * same ones: requests that are well formed, lie about their data streams, refer to one stream
 * twice, name paths out of the home or into the agent's own files, carry garbage or bit flips, or
 * are cut short. Over a real polling connection the agent must answer or drop each one within a
 * bounded time, and at the end still serve, with no thread, descriptor or spool file left over and
 * nothing stored that it was not sent whole.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConversationFuzzTest {
  private static final long SEED = 0x15_2026L;
  private static final int CONVERSATIONS = 60;

  @TempDir Path temp;

  @Test
  void no_generated_conversation_crashes_hangs_or_leaks() throws Exception {
    InMemoryFileStore store = new InMemoryFileStore("/octopus");
    try (FaultFixture fixture = new FaultFixture(temp, store, 2).start()) {
      fixture.polling();
      fixture.stillServes();
      int threadsBefore = Thread.activeCount();
      long descriptorsBefore = FaultFixture.openDescriptors();
      Random random = new Random(SEED);
      Map<String, Integer> outcomes = new TreeMap<>();
      List<String> storedWhole = new ArrayList<>();

      for (int i = 0; i < CONVERSATIONS; i++) {
        Conversation conversation = generate(random, i);
        String outcome;
        try {
          var response =
              fixture
                  .server
                  .sendRaw(SUBSCRIPTION, conversation.wire(), conversation.closeAfter())
                  .get(30, TimeUnit.SECONDS); // bounded: a hang fails here
          outcome = response.response().error().isPresent() ? "refused" : "answered";
        } catch (ExecutionException dropped) {
          outcome = "dropped";
          fixture.polling();
        }
        outcomes.merge(conversation.kind() + " " + outcome, 1, Integer::sum);
        if (conversation.storesAs() != null && outcome.equals("answered")) {
          storedWhole.add(conversation.storesAs());
        }
      }

      System.out.println("Conversations by kind and outcome: " + outcomes);
      fixture.polling();
      fixture.stillServes();
      for (String path : storedWhole) {
        assertTrue(store.retrieve(RelativePath.parse(path)).isPresent(), path);
      }
      assertTrue(
          store.retrieve(RelativePath.parse(".k8s-agent/state.properties")).isEmpty(),
          "nothing written into the agent's own files");
      assertTrue(
          outcomes.keySet().stream().noneMatch(o -> o.startsWith("lying answered")),
          outcomes::toString);
      eventually("no spool file left").until(() -> fixture.spoolFiles() == 0);
      eventually("threads back to where they were")
          .until(() -> Thread.activeCount() <= threadsBefore + 4);
      eventually("descriptors back to where they were")
          .until(() -> FaultFixture.openDescriptors() <= descriptorsBefore + 8);
      assertTrue(nothingOutside(temp), "nothing written outside the test's directories");
    }
  }

  /** One server turn: its bytes, whether the server hangs up after them, what it is. */
  private record Conversation(String kind, byte[] wire, boolean closeAfter, String storesAs) {}

  private static Conversation generate(Random random, int i) {
    NetGuid id = NetGuid.random();
    int size = random.nextInt(4096);
    byte fill = (byte) random.nextInt(256);
    switch (random.nextInt(9)) {
      case 0:
        String path = "Files/fuzz-" + i + ".bin";
        return new Conversation(
            "upload",
            Frames.start().upload(path, new DataStreamRef(id, size)).stream(id, size, fill).bytes(),
            false,
            path);
      case 1:
        int lie = size + 1 + random.nextInt(100_000);
        return new Conversation(
            "lying",
            Frames.start().upload("Files/lie-" + i + ".bin", new DataStreamRef(id, size)).stream(
                    id, lie, fill)
                .bytes(),
            false,
            null);
      case 2:
        return new Conversation(
            "twice",
            Frames.start()
                .upload(
                    "Files/twice-" + i, new DataStreamRef(id, size), new DataStreamRef(id, size))
                .stream(id, size, fill)
                .stream(id, size, fill)
                .bytes(),
            false,
            null);
      case 3:
        String[] hostile = {
          "../../etc/passwd",
          "/etc/shadow",
          ".k8s-agent/state.properties",
          "Files/a\nb",
          "/octopus/../x",
          "C:\\Windows\\x",
          "Files/\u0000nul"
        };
        String target = hostile[random.nextInt(hostile.length)];
        return new Conversation(
            "path",
            random.nextBoolean()
                ? Frames.start()
                    .request("IFileTransferService", "DownloadFile", List.of(target))
                    .bytes()
                : Frames.start().upload(target, new DataStreamRef(id, size)).stream(id, size, fill)
                    .bytes(),
            false,
            null);
      case 4:
        byte[] garbage = new byte[1 + random.nextInt(2048)];
        random.nextBytes(garbage);
        return new Conversation("garbage", garbage, true, null);
      case 5:
        byte[] whole =
            Frames.start().upload("Files/cut-" + i, new DataStreamRef(id, size)).stream(
                    id, size, fill)
                .bytes();
        return new Conversation(
            "cut", Arrays.copyOf(whole, random.nextInt(whole.length)), true, null);
      case 6:
        byte[] flipped =
            Frames.start().request("ICapabilitiesServiceV2", "GetCapabilities", List.of()).bytes();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        return new Conversation("flipped", flipped, true, null);
      case 7:
        BsonDocument odd =
            new BsonDocument()
                .put("Message", new BsonDocument().put("$type", "System.Object, mscorlib"));
        return new Conversation(
            "odd-envelope",
            MessageDeflater.deflate(
                dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter.write(odd)),
            true,
            null);
      default:
        return new Conversation(
            "control",
            ("PROCEED\r\n" + "X".repeat(random.nextInt(300)) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            true,
            null);
    }
  }

  /** The test's temporary directory holds only the agent's and the server's own folders. */
  private static boolean nothingOutside(Path temp) throws java.io.IOException {
    try (Stream<Path> entries = Files.list(temp)) {
      return entries
          .map(p -> p.getFileName().toString())
          .allMatch(name -> name.equals("agent-spool") || name.equals("server"));
    }
  }
}
