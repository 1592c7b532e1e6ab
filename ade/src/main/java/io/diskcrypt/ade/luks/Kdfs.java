package io.diskcrypt.ade.luks;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/** Derives a keyslot's key-encryption key from a passphrase (PBKDF2 or Argon2, version 0x13). */
final class Kdfs {
  private Kdfs() {}

  /** {@code length} bytes derived from {@code passphrase}; the caller owns and wipes the result. */
  static byte[] derive(LuksKdf kdf, byte[] passphrase, byte[] salt, int length) {
    if (kdf.type() == LuksKdf.Type.PBKDF2) {
      return Hashes.pbkdf2(kdf.hash(), passphrase, salt, kdf.iterations(), length);
    }
    int type = kdf.type() == LuksKdf.Type.ARGON2ID ? Argon2Parameters.ARGON2_id : Argon2Parameters.ARGON2_i;
    Argon2Parameters parameters = new Argon2Parameters.Builder(type)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withIterations(kdf.iterations())
        .withMemoryAsKB(kdf.memoryKiB())
        .withParallelism(kdf.parallelism())
        .withSalt(salt)
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] out = new byte[length];
    generator.generateBytes(passphrase, out);
    return out;
  }
}
