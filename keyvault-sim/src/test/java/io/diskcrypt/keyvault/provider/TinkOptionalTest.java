package io.diskcrypt.keyvault.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Tink is an optional dependency of keyvault-sim: only the Tink {@code KmsClient} and its {@code Aead}
 * may refer to it, so that every other class loads without Tink on the class path. A class that refers
 * to a Tink type names it in its constant pool, which is what this reads.
 */
class TinkOptionalTest {
  private static final Path CLASSES = Path.of("target", "classes");

  @Test
  void onlyTheKmsClientAndItsAeadReferToTink() throws IOException {
    List<String> users;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      users = files.filter(f -> f.toString().endsWith(".class")).filter(TinkOptionalTest::refersToTink)
          .map(f -> CLASSES.relativize(f).toString()).sorted().toList();
    }
    assertThat(users).containsExactly("io/diskcrypt/keyvault/provider/VaultAead.class",
        "io/diskcrypt/keyvault/provider/VaultKmsClient.class");
  }

  private static boolean refersToTink(Path classFile) {
    try {
      return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("com/google/crypto/tink/");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
