package io.diskcrypt.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.SparseMedia;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15: a platform layer reads never-written sectors as zeros (Azure's managed disks do), a guest
 * layer decrypts them to noise (dm-crypt and BitLocker do), and written sectors around them read back.
 */
class UnwrittenSectorsTest {
  @ParameterizedTest
  @EnumSource(SectorSize.class)
  void platformLayer_unwrittenSectorsReadAsZeros_writtenOnesBetweenThemReadBack(SectorSize size) {
    int n = size.bytes();
    CpuAccount payer = new CpuLedger().account("storage", AccountKind.STORAGE_CLUSTER);
    SparseMedia media = new SparseMedia("media", 64L * n, size);
    XtsParameters parameters = XtsParameters.AES_256_XTS_512.withSectorSize(size);
    EncryptionLayer platform = new EncryptionLayer(media,
        XtsEngines.defaultEngine().newCipher(parameters, SecretKeyMaterial.random(64)), payer, "platform key", true);
    byte[] zeros = new byte[n];
    byte[] first = random(n, 1);
    byte[] third = random(n, 3);
    platform.write(10, first);
    platform.write(12, third);
    platform.write(13, zeros); // plaintext zeros: written, so ciphertext below, and zeros back

    byte[] back = new byte[6 * n];
    platform.read(9, back);

    assertThat(Arrays.copyOfRange(back, 0, n)).as("sector 9, never written").isEqualTo(zeros);
    assertThat(Arrays.copyOfRange(back, n, 2 * n)).as("sector 10").isEqualTo(first);
    assertThat(Arrays.copyOfRange(back, 2 * n, 3 * n)).as("sector 11, never written").isEqualTo(zeros);
    assertThat(Arrays.copyOfRange(back, 3 * n, 4 * n)).as("sector 12").isEqualTo(third);
    assertThat(Arrays.copyOfRange(back, 4 * n, 5 * n)).as("sector 13, zeros written").isEqualTo(zeros);
    assertThat(media.holds(13)).isTrue();
    assertThat(Arrays.copyOfRange(back, 5 * n, 6 * n)).as("sector 14, never written").isEqualTo(zeros);
    assertThat(payer.usage().cryptoBytes()).as("3 sectors encrypted, 3 decrypted").isEqualTo(6L * n);

    EncryptionLayer guest = new EncryptionLayer(media,
        XtsEngines.defaultEngine().newCipher(parameters, SecretKeyMaterial.random(64)), payer, "guest key");
    byte[] noise = new byte[n];
    guest.read(20, noise);
    assertThat(noise).as("a guest layer decrypts a never-written sector to noise").isNotEqualTo(zeros);
  }

  private static byte[] random(int length, long seed) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
