package dev.k8sagent.adapters.octopus.halibut.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.k8sagent.adapters.octopus.halibut.Hex;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonDocument;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonNull;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonReader;
import dev.k8sagent.adapters.octopus.halibut.bson.BsonWriter;
import dev.k8sagent.adapters.octopus.halibut.bson.NetGuid;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageDeflater;
import dev.k8sagent.adapters.octopus.halibut.wire.MessageInflater;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Byte vectors from Halibut's own test suite, and bytes computed from its rules (PROTOCOL.md). */
class HalibutVectorsTest {
  private static final String HALIBUT_ERROR_RESPONSE =
      "nY6xTgNBDESHDTR8xRakQ1dRICSaRIfSBCHIDyxZk1tpsz6tfQE+mP/AgQVRU7gYe96Mn06A2ZpEwo7Qm3AX+j4SrgCsQk7Pk3abGoqMXLV7qKy85dw9ki2KUCMvffPCpYgzYyVKxIxq5YoP027fOk5NvDDDRdKQsuD2T1P/tqVRkyV3a9KB4z3rHU8lNsMyJyr667rxX0nt2B/LNsfnr/8fCbfIYfgZzC3JAC+8NziVnR++Mf+acvZ0oGqbAwHnlWTKav5P";

  private static final String CAPABILITIES_RESPONSE_BSON =
      "85010000034d6573736167650077010000022474797065003400000048616c696275742e5472616e73706f72742e50726f746f636f6c2e526573706f6e73654d6573736167652c2048616c69627574000269640057000000494361706162696c69746965735365727669636556323a3a4765744361706162696c69746965734173796e635b315d202f2038633338316236352d626238342d346534372d613834622d643636356235356638623766000a6572726f720003726573756c7400c5000000022474797065005b0000004f63746f7075732e54656e7461636c652e436f6e7472616374732e4361706162696c69746965732e4361706162696c6974696573526573706f6e736556322c204f63746f7075732e54656e7461636c652e436f6e7472616374730004537570706f727465644361706162696c69746965730043000000023000150000004946696c655472616e7366657253657276696365000231001b000000494b756265726e657465735363726970745365727669636556310000000000";

  private static final String CAPABILITIES_RESPONSE_DEFLATE =
      "dVA9T8NADDUpEzsTSwbG5iAlSaNuqBIfQhWIVmWoGO4uDjrplDv5HFB/AD+N/0WCUhQGPNl+fvJ77/MIYLLCEOQbwkc3ROe89wgZANxJa1TLYkOyCd4Riydy7LSz4hm7RRNwYE7j4RYiU8FLx71fSi+VsYYNhjXSu9G4nS0Wt8hj5DrsG71LX+OLuNRXZaqKPFGqzJIMs3kiy0wlVVHkKs/rUs1rOEEiRzAhDK1l+IJfwbuufdTsfBvEBhuW2qJYuoZJag5i/PTPcHCynU3j//lwvG59HwFWYzIsewGXcNo7vjEWf6KqkQbHEKVw1mMPrUJqkLssNBnPh0RS6Osb";

  @Test
  void halibuts_own_error_response_is_read_with_its_unknown_field_ignored() {
    byte[] deflated = Base64.getDecoder().decode(HALIBUT_ERROR_RESPONSE);
    assertEquals(198, deflated.length);
    byte[] bson = inflateAll(deflated);
    assertEquals(339, bson.length);

    ResponseMessage response = Envelope.readResponse(Envelope.parse(bson));

    assertEquals("sdsd", response.id());
    ServerError error = response.error().orElseThrow();
    assertEquals("foo", error.message());
    assertEquals("Halibut.Exceptions.MethodNotFoundHalibutClientException: foo", error.details());
    assertEquals(Optional.of(ServerError.METHOD_NOT_FOUND), error.halibutErrorType());
    assertEquals(BsonNull.NULL, response.result());
  }

  @Test
  void halibuts_error_response_is_reencoded_byte_for_byte() {
    byte[] bson = inflateAll(Base64.getDecoder().decode(HALIBUT_ERROR_RESPONSE));
    assertArrayEquals(bson, BsonWriter.write(BsonReader.read(bson)));
  }

  @Test
  void our_error_response_has_the_shape_of_halibuts() {
    byte[] bson =
        Envelope.response(
            ResponseMessage.failure(
                "sdsd",
                new ServerError(
                    "foo",
                    "Halibut.Exceptions.MethodNotFoundHalibutClientException: foo",
                    Optional.of(ServerError.METHOD_NOT_FOUND))));
    byte[] halibut = inflateAll(Base64.getDecoder().decode(HALIBUT_ERROR_RESPONSE));
    BsonDocument theirs = BsonReader.read(halibut);
    BsonDocument theirError = theirs.requiredDocument("Message").requiredDocument("error");
    // Halibut's vector carries one extra unknown field; without it the documents are identical.
    BsonDocument trimmed = new BsonDocument();
    theirError
        .fields()
        .forEach(
            (k, v) -> {
              if (!k.equals("BlahBlahBlah")) {
                trimmed.put(k, v);
              }
            });
    theirs.requiredDocument("Message").put("error", trimmed);
    assertArrayEquals(BsonWriter.write(theirs), bson);
  }

  @Test
  void the_null_request_is_fourteen_bytes_and_sixteen_deflated() {
    byte[] bson = Envelope.request(Optional.empty());
    assertEquals("0e0000000a4d6573736167650000", Hex.of(bson));
    assertEquals("e3636060e0f24d2d2e4e4c4f65600000", Hex.of(MessageDeflater.deflate(bson)));
  }

  @Test
  void the_inflater_stops_at_the_end_of_the_message_and_leaves_the_control_line() {
    byte[] message = Hex.bytes("e3636060e0f24d2d2e4e4c4f65600000");
    byte[] wire = concat(message, "NEXT\r\n".getBytes(StandardCharsets.US_ASCII));
    MessageInflater inflater = new MessageInflater(1 << 20);

    int used = inflater.feed(wire, 0, wire.length);

    assertTrue(inflater.finished(), "the final block ends the message without more input");
    assertEquals(16, used);
    assertTrue(Envelope.readRequest(Envelope.parse(inflater.message())).isEmpty());
  }

  @Test
  void the_capabilities_response_is_encoded_byte_for_byte() {
    BsonDocument result =
        new BsonDocument()
            .put("$type", TypeNames.wireName("CapabilitiesResponseV2"))
            .put(
                "SupportedCapabilities",
                List.of("IFileTransferService", "IKubernetesScriptServiceV1"));
    byte[] bson =
        Envelope.response(
            ResponseMessage.success(
                "ICapabilitiesServiceV2::GetCapabilitiesAsync[1] / 8c381b65-bb84-4e47-a84b-d665b55f8b7f",
                result));
    assertEquals(CAPABILITIES_RESPONSE_BSON, Hex.of(bson));
  }

  @Test
  void the_capabilities_response_deflate_vector_leaves_the_next_line_unread() {
    byte[] deflated = Base64.getDecoder().decode(CAPABILITIES_RESPONSE_DEFLATE);
    byte[] wire = concat(deflated, "NEXT\r\n".getBytes(StandardCharsets.US_ASCII));
    MessageInflater inflater = new MessageInflater(1 << 20);
    int used = 0;
    // One byte at a time: the end must be found however the bytes are split.
    while (!inflater.finished()) {
      used += inflater.feed(wire, used, 1);
    }
    assertEquals(deflated.length, used);
    assertEquals(CAPABILITIES_RESPONSE_BSON, Hex.of(inflater.message()));
  }

  @Test
  void the_repeating_phrase_is_120_bytes_of_bson_and_55_deflated() {
    String phrase =
        "Repeating phrase that compresses. Repeating phrase that compresses. Repeating phrase that"
            + " compresses.";
    byte[] bson = BsonWriter.write(new BsonDocument().put("Message", phrase));
    assertEquals(120, bson.length);
    assertEquals(
        "ab60606060f24d2d2e4e4c4f654803728252 0b52134b32f3d2150a328a128b53154a32124b1492f3730b8a80aa528bf514a8a082810100"
            .replace(" ", ""),
        Hex.of(MessageDeflater.deflate(bson)));
  }

  @Test
  void a_data_stream_reference_and_its_guid_use_dotnet_byte_order() {
    DataStreamRef ref =
        new DataStreamRef(NetGuid.parse("9a4b47b7-7463-4740-842e-eb1da0ade39b"), 59);
    assertEquals(
        "2e000000056964001000000004b7474b9a63744047842eeb1da0ade39b126c656e677468003b0000000000000000",
        Hex.of(BsonWriter.write(ref.toBson())));
  }

  private static byte[] inflateAll(byte[] deflated) {
    MessageInflater inflater = new MessageInflater(1 << 20);
    int used = inflater.feed(deflated, 0, deflated.length);
    assertTrue(inflater.finished());
    assertEquals(deflated.length, used);
    return inflater.message();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
