package dev.k8sagent.ports.service;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts a script file the way Calamari expects to read it when the server sends the file with an
 * encryption password (the variables file, for one). The layout, as Tentacle writes it:
 *
 * <pre>
 * "IV__" (4 ASCII bytes) | IV (16 random bytes) | AES-128-CBC, PKCS#7 padding, of the UTF-8 text
 * key = PBKDF2-HMAC-SHA1(password as UTF-8, salt "Octopuss", 1000 iterations, 16 bytes)
 * </pre>
 *
 * The file's contents are read as UTF-8 text first (a UTF-8 byte-order mark is dropped, as .NET's
 * StreamReader drops it).
 */
final class CalamariFileEncryption {
  private static final byte[] PREFIX = "IV__".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SALT = "Octopuss".getBytes(StandardCharsets.UTF_8);
  private static final int ITERATIONS = 1000;
  private static final int KEY_BITS = 128;

  private CalamariFileEncryption() {}

  static byte[] key(String password) {
    try {
      SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA1");
      return factory
          .generateSecret(new PBEKeySpec(password.toCharArray(), SALT, ITERATIONS, KEY_BITS))
          .getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA1 is missing from this JDK", e);
    }
  }

  static byte[] encrypt(String password, byte[] utf8Text, SecureRandom random) {
    byte[] text = withoutByteOrderMark(utf8Text);
    byte[] iv = new byte[16];
    random.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(
          Cipher.ENCRYPT_MODE, new SecretKeySpec(key(password), "AES"), new IvParameterSpec(iv));
      byte[] sealed = cipher.doFinal(text);
      byte[] out = new byte[PREFIX.length + iv.length + sealed.length];
      System.arraycopy(PREFIX, 0, out, 0, PREFIX.length);
      System.arraycopy(iv, 0, out, PREFIX.length, iv.length);
      System.arraycopy(sealed, 0, out, PREFIX.length + iv.length, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC is missing from this JDK", e);
    }
  }

  private static byte[] withoutByteOrderMark(byte[] text) {
    if (text.length >= 3
        && (text[0] & 0xFF) == 0xEF
        && (text[1] & 0xFF) == 0xBB
        && (text[2] & 0xFF) == 0xBF) {
      return Arrays.copyOfRange(text, 3, text.length);
    }
    return text;
  }
}
