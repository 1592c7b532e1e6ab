package io.diskcrypt.core.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import io.diskcrypt.core.crypto.engines.Xts;
import io.diskcrypt.core.testing.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Independent AES-XTS implementations to check the engines against: ACCP's {@code AES/XTS/NoPadding}
 * (AWS-LC, 512-bit keys) in process, and Python {@code cryptography}'s XTS (OpenSSL) in one python3
 * run per batch. Both skip the calling test where they are missing, and fail it under {@code CI=true}.
 */
final class XtsReferences {
  private static final HexFormat HEX = HexFormat.of();
  private static final String PYTHON_XTS = String.join("\n",
      "import sys",
      "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes",
      "for line in sys.stdin:",
      "    k, t, p = line.split()",
      "    e = Cipher(algorithms.AES(bytes.fromhex(k)), modes.XTS(bytes.fromhex(t))).encryptor()",
      "    sys.stdout.write((e.update(bytes.fromhex(p)) + e.finalize()).hex() + '\\n')",
      "");

  /** One data unit to encrypt: the whole XTS key, the tweak value (plain64) and the plaintext. */
  record Unit(byte[] key, long tweak, byte[] plaintext) {}

  private XtsReferences() {}

  /** True where ACCP's native library loads. */
  static boolean accpLoads() {
    try {
      return AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError() == null;
    } catch (LinkageError e) {
      return false;
    }
  }

  /** Skips (or fails under CI) where ACCP does not load. */
  static void requireAccp() {
    ExternalTools.requireThat(accpLoads(),
        "Amazon Corretto Crypto Provider did not load (needs linux-x86_64 and its native library)");
  }

  /** ACCP's XTS ciphertext of one data unit (512-bit key); a fresh Cipher each time, as ACCP wants. */
  static byte[] accpEncrypt(Unit unit) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/XTS/NoPadding", AmazonCorrettoCryptoProvider.INSTANCE);
    byte[] tweak = new byte[16];
    Xts.tweakBlock(unit.tweak(), tweak);
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(unit.key(), "AES"), new IvParameterSpec(tweak));
    return cipher.doFinal(unit.plaintext());
  }

  /** A python3 that imports {@code cryptography}; see {@link ExternalTools#pythonWithCryptography()}. */
  static Path requirePython() {
    return ExternalTools.pythonWithCryptography();
  }

  /** Python cryptography's XTS ciphertexts of {@code units}, in order, from one python3 run. */
  static List<byte[]> pythonEncrypt(Path python, List<Unit> units) throws IOException, InterruptedException {
    Path input = Files.createTempFile("xts-units", ".txt");
    try {
      StringBuilder lines = new StringBuilder();
      byte[] tweak = new byte[16];
      for (Unit unit : units) {
        Xts.tweakBlock(unit.tweak(), tweak);
        lines.append(HEX.formatHex(unit.key())).append(' ').append(HEX.formatHex(tweak)).append(' ')
            .append(HEX.formatHex(unit.plaintext())).append('\n');
      }
      Files.writeString(input, lines);
      Process process = new ProcessBuilder(python.toString(), "-c", PYTHON_XTS)
          .redirectInput(input.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String output;
      try (InputStream out = process.getInputStream()) {
        output = new String(out.readAllBytes(), StandardCharsets.US_ASCII);
      }
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("python3 cryptography XTS failed, exit " + process.exitValue());
      }
      List<byte[]> ciphertexts = new ArrayList<>();
      for (String line : output.split("\n")) {
        if (!line.isEmpty()) {
          ciphertexts.add(HEX.parseHex(line));
        }
      }
      if (ciphertexts.size() != units.size()) {
        throw new IllegalStateException("python3 returned " + ciphertexts.size() + " ciphertexts for " + units.size() + " units");
      }
      return ciphertexts;
    } finally {
      Files.deleteIfExists(input);
    }
  }
}
