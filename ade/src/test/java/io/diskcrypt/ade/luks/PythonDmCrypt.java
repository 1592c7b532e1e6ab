package io.diskcrypt.ade.luks;

import io.diskcrypt.ade.testing.Run;
import io.diskcrypt.core.testing.ExternalTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;

/**
 * An independent dm-crypt sector cipher: Python's {@code cryptography} (OpenSSL), sector by sector, with
 * the IV counted in 512-byte units from {@code firstIv} as dm-crypt does. Ciphers: {@code aes-xts-plain64},
 * {@code aes-cbc-plain64} and {@code aes-cbc-essiv:sha256}.
 */
final class PythonDmCrypt {
  private static final Set<String> CIPHERS = Set.of("aes-xts-plain64", "aes-cbc-plain64", "aes-cbc-essiv:sha256");
  private static final String SCRIPT = String.join("\n",
      "import sys, hashlib",
      "from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes",
      "cipher = sys.argv[1]; key = bytes.fromhex(sys.argv[2]); ss = int(sys.argv[3]); iv0 = int(sys.argv[4])",
      "data = open(sys.argv[5], 'rb').read(); out = bytearray()",
      "salt = hashlib.sha256(key).digest()",
      "for i in range(0, len(data), ss):",
      "    iv = (iv0 + i // 512).to_bytes(16, 'little')",
      "    if cipher == 'aes-cbc-essiv:sha256':",
      "        e = Cipher(algorithms.AES(salt), modes.ECB()).encryptor(); iv = e.update(iv) + e.finalize()",
      "    c = Cipher(algorithms.AES(key), modes.XTS(iv) if cipher == 'aes-xts-plain64' else modes.CBC(iv))",
      "    d = c.encryptor() if sys.argv[6] == 'encrypt' else c.decryptor()",
      "    out += d.update(data[i:i+ss]) + d.finalize()",
      "open(sys.argv[7], 'wb').write(bytes(out))");

  private PythonDmCrypt() {}

  static byte[] encrypt(String cipher, byte[] key, byte[] input, int sectorSize, long firstIv) throws Exception {
    return run("encrypt", cipher, key, input, sectorSize, firstIv);
  }

  static byte[] decrypt(String cipher, byte[] key, byte[] input, int sectorSize, long firstIv) throws Exception {
    return run("decrypt", cipher, key, input, sectorSize, firstIv);
  }

  private static byte[] run(String op, String cipher, byte[] key, byte[] input, int sectorSize, long firstIv)
      throws Exception {
    if (!CIPHERS.contains(cipher)) {
      throw new IllegalArgumentException("no dm-crypt cipher " + cipher + " here: " + CIPHERS);
    }
    Path python = ExternalTools.pythonWithCryptography();
    Path in = Files.createTempFile("dmcrypt", ".bin");
    Path result = Files.createTempFile("dmcrypt", ".out");
    try {
      Files.write(in, input);
      // Through Run, for its timeout: a hung interpreter fails the test instead of hanging the build.
      Run run = Run.of(python.toString(), "-c", SCRIPT, cipher, HexFormat.of().formatHex(key),
          Integer.toString(sectorSize), Long.toString(firstIv), in.toString(), op, result.toString());
      if (run.exitCode() != 0) {
        throw new AssertionError("python3 failed: " + run.output());
      }
      return Files.readAllBytes(result);
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(result);
    }
  }
}
