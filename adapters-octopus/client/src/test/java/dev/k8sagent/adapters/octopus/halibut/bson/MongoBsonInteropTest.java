package dev.k8sagent.adapters.octopus.halibut.bson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonDateTime;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonString;
import org.bson.BsonType;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.junit.jupiter.api.Test;

/** Our codec checked against an independent BSON implementation, in both directions. */
class MongoBsonInteropTest {
  private static final NetGuid GUID = NetGuid.parse("9a4b47b7-7463-4740-842e-eb1da0ade39b");
  private static final Instant WHEN = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void a_document_we_write_parses_there_with_the_expected_types() {
    BsonDocument ours =
        new BsonDocument()
            .put("$type", "Some.Type, Assembly")
            .put("Text", "héllo")
            .put("Int", 42)
            .put("Long", 42L)
            .put("Flag", true)
            .put("Occurred", WHEN)
            .put("Id", GUID)
            .put(
                "Bytes",
                new dev.k8sagent.adapters.octopus.halibut.bson.BsonBinary(
                    (byte) 0, new byte[] {1, 2, 3}))
            .put("Nothing", BsonNull.NULL)
            .put("List", List.of("a", 1))
            .put("Inner", new BsonDocument().put("TaskId", "t-1"));

    RawBsonDocument theirs = new RawBsonDocument(BsonWriter.write(ours));

    assertEquals("$type", theirs.getFirstKey(), "$type stays the first field");
    assertEquals(new BsonString("héllo"), theirs.get("Text"));
    assertEquals(BsonType.INT32, theirs.get("Int").getBsonType());
    assertEquals(BsonType.INT64, theirs.get("Long").getBsonType());
    assertEquals(BsonType.BOOLEAN, theirs.get("Flag").getBsonType());
    assertEquals(new BsonDateTime(WHEN.toEpochMilli()), theirs.get("Occurred"));
    BsonBinary id = theirs.getBinary("Id");
    assertEquals(BsonBinarySubType.UUID_STANDARD.getValue(), id.getType());
    assertArrayEquals(
        dev.k8sagent.adapters.octopus.halibut.Hex.bytes("b7474b9a63744047842eeb1da0ade39b"),
        id.getData(),
        ".NET byte order, not RFC order");
    assertEquals(BsonType.NULL, theirs.get("Nothing").getBsonType());
    assertEquals(new BsonArray(List.of(new BsonString("a"), new BsonInt32(1))), theirs.get("List"));
    assertEquals(new BsonString("t-1"), theirs.getDocument("Inner").get("TaskId"));
  }

  @Test
  void a_document_built_there_decodes_here() {
    org.bson.BsonDocument theirs =
        new org.bson.BsonDocument()
            .append("$type", new BsonString("X, Y"))
            .append("LastLogSequence", new BsonInt64(7))
            .append("State", new BsonInt32(2))
            .append("Occurred", new BsonDateTime(WHEN.toEpochMilli()))
            .append("Id", new BsonBinary(BsonBinarySubType.UUID_STANDARD, GUID.toNetBytes()))
            .append(
                "Logs",
                new BsonArray(List.of(new org.bson.BsonDocument("Text", new BsonString("x")))))
            .append("Missing", new org.bson.BsonNull());
    byte[] bytes = toBytes(theirs);

    BsonDocument ours = BsonReader.read(bytes);

    assertEquals(
        List.of("$type", "LastLogSequence", "State", "Occurred", "Id", "Logs", "Missing"),
        ours.names());
    assertEquals(7L, ours.integer("LastLogSequence").orElseThrow());
    assertEquals(2L, ours.integer("state").orElseThrow(), "names match case-insensitively");
    assertEquals(WHEN, ours.instant("Occurred").orElseThrow());
    assertEquals(GUID, ours.guid("Id").orElseThrow());
    assertEquals("x", ((BsonDocument) ours.array("Logs").get(0)).requiredString("Text"));
    assertTrue(ours.getNonNull("Missing").isEmpty());
    assertArrayEquals(bytes, BsonWriter.write(ours), "what we read we write back unchanged");
  }

  @Test
  void what_we_write_is_byte_for_byte_what_the_driver_writes_ascii_or_not() {
    String longText = "x".repeat(1000); // grows the writer's buffer on the way
    BsonDocument ours =
        new BsonDocument()
            .put("$type", "A, B")
            .put("naïve", "日本語 text")
            .put("Long", longText)
            .put("Nested", List.of(List.of("a", 2L), new BsonDocument().put("é", 1)));
    org.bson.BsonDocument theirs =
        new org.bson.BsonDocument()
            .append("$type", new BsonString("A, B"))
            .append("naïve", new BsonString("日本語 text"))
            .append("Long", new BsonString(longText))
            .append(
                "Nested",
                new BsonArray(
                    List.of(
                        new BsonArray(List.of(new BsonString("a"), new BsonInt64(2))),
                        new org.bson.BsonDocument("é", new BsonInt32(1)))));

    assertArrayEquals(toBytes(theirs), BsonWriter.write(ours));
    assertEquals(ours, BsonReader.read(toBytes(theirs)));
  }

  @Test
  void a_guid_round_trips_through_dotnet_order() {
    for (int i = 0; i < 100; i++) {
      UUID uuid = UUID.randomUUID();
      NetGuid guid = new NetGuid(uuid);
      assertEquals(guid, NetGuid.fromNetBytes(guid.toNetBytes(), 0));
    }
  }

  @Test
  void bad_bytes_get_an_error_that_names_the_problem() {
    byte[] good = BsonWriter.write(new BsonDocument().put("Text", "abc"));
    byte[] truncated = java.util.Arrays.copyOf(good, good.length - 3);
    assertTrue(
        assertThrows(BsonFormatException.class, () -> BsonReader.read(truncated))
            .getMessage()
            .contains("declares"));

    byte[] hugeString = good.clone();
    hugeString[4 + 1 + 5] = (byte) 0xff; // string length field of "Text"
    hugeString[4 + 1 + 5 + 3] = (byte) 0x7f;
    assertThrows(BsonFormatException.class, () -> BsonReader.read(hugeString));

    BsonDocument deep = new BsonDocument();
    BsonDocument cursor = deep;
    for (int i = 0; i < 70; i++) {
      BsonDocument inner = new BsonDocument();
      cursor.put("d", inner);
      cursor = inner;
    }
    byte[] tooDeep = BsonWriter.write(deep);
    assertTrue(
        assertThrows(BsonFormatException.class, () -> BsonReader.read(tooDeep))
            .getMessage()
            .contains("nested"));
  }

  @Test
  void a_logged_document_masks_passwords() {
    BsonDocument feed = new BsonDocument().put("FeedUsername", "me").put("FeedPassword", "s3cret");
    assertTrue(!feed.toString().contains("s3cret"));
    assertTrue(feed.toString().contains("me"));
  }

  private static byte[] toBytes(org.bson.BsonDocument document) {
    org.bson.io.BasicOutputBuffer buffer = new org.bson.io.BasicOutputBuffer();
    new BsonDocumentCodec()
        .encode(
            new org.bson.BsonBinaryWriter(buffer),
            document,
            org.bson.codecs.EncoderContext.builder().build());
    ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
    byte[] out = new byte[bytes.remaining()];
    bytes.get(out);
    return out;
  }
}
