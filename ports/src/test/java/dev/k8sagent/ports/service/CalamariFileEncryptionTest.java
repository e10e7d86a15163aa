package dev.k8sagent.ports.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class CalamariFileEncryptionTest {

  @Test
  void the_key_is_pbkdf2_sha1_of_the_utf8_password_with_octopus_salt() {
    // Reference value from Python's hashlib.pbkdf2_hmac('sha1', 'pässword', b'Octopuss', 1000, 16).
    assertThat(HexFormat.of().formatHex(CalamariFileEncryption.key("pässword")))
        .isEqualTo("473ebd8c3332050d31568e4ff0d17781");
  }

  @Test
  void the_file_is_the_iv_marker_the_iv_and_the_aes_cbc_ciphertext() throws Exception {
    byte[] text = "{\"Octopus.Action.Name\":\"deploy\"}".getBytes(StandardCharsets.UTF_8);

    byte[] file = CalamariFileEncryption.encrypt("secret", text, new SecureRandom());

    assertThat(Arrays.copyOfRange(file, 0, 4))
        .isEqualTo("IV__".getBytes(StandardCharsets.US_ASCII));
    assertThat(decrypt("secret", file)).isEqualTo(text);
    assertThat((file.length - 20) % 16).isZero();
  }

  @Test
  void a_utf8_byte_order_mark_is_dropped_as_dotnet_does() throws Exception {
    byte[] withBom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'h', 'i'};

    byte[] file = CalamariFileEncryption.encrypt("pw", withBom, new SecureRandom());

    assertThat(new String(decrypt("pw", file), StandardCharsets.UTF_8)).isEqualTo("hi");
  }

  @Test
  void every_encryption_uses_a_fresh_iv() {
    byte[] text = "same".getBytes(StandardCharsets.UTF_8);
    SecureRandom random = new SecureRandom();

    assertThat(CalamariFileEncryption.encrypt("pw", text, random))
        .isNotEqualTo(CalamariFileEncryption.encrypt("pw", text, random));
  }

  private static byte[] decrypt(String password, byte[] file) throws Exception {
    Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
    cipher.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(CalamariFileEncryption.key(password), "AES"),
        new IvParameterSpec(Arrays.copyOfRange(file, 4, 20)));
    return cipher.doFinal(Arrays.copyOfRange(file, 20, file.length));
  }
}
