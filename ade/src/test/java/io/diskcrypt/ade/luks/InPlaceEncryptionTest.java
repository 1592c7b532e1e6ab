package io.diskcrypt.ade.luks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.media.FileBlockDevice;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.testing.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In-place encryption keeps every byte, also across crashes injected at every write, torn or not. */
class InPlaceEncryptionTest {
  private static final byte[] PASSPHRASE = "in place".getBytes(StandardCharsets.US_ASCII);
  private static final int HOTZONE = 16 * 1024;
  private static final int DATA_BYTES = 64 * 1024 + 4096;

  @TempDir Path dir;

  private static LuksFormatOptions options(SectorSize size) {
    return LuksFormatOptions.fastForTests().toBuilder().sectorSize(size).build();
  }

  private static SparseMedia dataWith(byte[] plain) {
    SparseMedia data = new SparseMedia("data", plain.length, SectorSize.S512);
    data.write(0, plain);
    return data;
  }

  private static SparseMedia headerDevice() {
    return new SparseMedia("header", 16L << 20, SectorSize.S512);
  }

  private static byte[] plaintext(long seed) {
    byte[] plain = new byte[DATA_BYTES];
    Seeds.random(seed).nextBytes(plain);
    return plain;
  }

  private static byte[] readPlain(LuksVolume volume) {
    return LuksInteropTest.readAll(volume.dataDevice(Ledger.VCPU));
  }

  private static LuksVolume encrypt(BlockDevice header, BlockDevice data, SectorSize size, CrashInjector crash)
      throws LuksException {
    return Luks.encryptInPlace(header, data, PASSPHRASE, options(size), Ledger.VCPU, crash, HOTZONE);
  }

  @ParameterizedTest(name = "sector {0}")
  @ValueSource(ints = {512, 4096})
  void encryptInPlace_noCrash_keepsEveryByteAndEncryptsTheDevice(int sectorSize) throws Exception {
    long seed = Seeds.base();
    byte[] plain = plaintext(seed);
    SparseMedia data = dataWith(plain);
    SparseMedia header = headerDevice();
    try (LuksVolume volume = encrypt(header, data, SectorSize.ofBytes(sectorSize), CrashInjector.none())) {
      assertThat(readPlain(volume)).as("seed %d: read back after encrypting", seed).isEqualTo(plain);
      assertThat(volume.header().inPlaceEncryptionInProgress()).isFalse();
    }
    byte[] raw = LuksInteropTest.readAll(data);
    for (int i = 0; i < raw.length; i += 512) {
      assertThat(java.util.Arrays.equals(raw, i, i + 512, plain, i, i + 512))
          .as("seed %d: sector at %d still plaintext", seed, i).isFalse();
    }
    try (LuksVolume reopened = Luks.openDetached(header, data, PASSPHRASE)) {
      assertThat(readPlain(reopened)).as("seed %d: read back after reopening", seed).isEqualTo(plain);
    }
  }

  /** Crashes at every write index of a run (torn at a seeded sector count), resumes, checks every byte. */
  @ParameterizedTest(name = "sector {0}")
  @ValueSource(ints = {512, 4096})
  void encryptInPlace_crashAtEveryWriteThenResume_losesNothing(int sectorSize) throws Exception {
    SectorSize size = SectorSize.ofBytes(sectorSize);
    long plainSeed = Seeds.base() + sectorSize;
    byte[] plain = plaintext(plainSeed);
    AtomicLong total = new AtomicLong();
    encrypt(headerDevice(), dataWith(plain), size, (i, s) -> {
      total.set(i + 1);
      return -1;
    }).close();
    assertThat(total.get()).isGreaterThan(DATA_BYTES / HOTZONE * 4L);
    for (long index = 0; index < total.get(); index++) {
      long crashAt = index;
      long seed = Seeds.base() ^ (crashAt * 31 + sectorSize);
      // an unexpected exception from a resume names the seeds too, not only a failed assertion
      assertThatCode(() -> crashResumeAndCheck(plain, size, crashAt, seed))
          .as("plaintext seed %d, seed %d, crash at write %d", plainSeed, seed, crashAt).doesNotThrowAnyException();
    }
  }

  private static void crashResumeAndCheck(byte[] plain, SectorSize size, long crashAt, long seed) throws Exception {
    SplittableRandom random = Seeds.random(seed);
    SparseMedia data = dataWith(plain);
    SparseMedia header = headerDevice();
    int torn = random.nextInt(40);
    assertThatThrownBy(() -> encrypt(header, data, size, CrashInjector.atWrite(crashAt, torn)))
        .as("seed %d crash at %d", seed, crashAt).isInstanceOf(SimulatedCrashException.class);
    if (random.nextBoolean()) {
      // a second crash during the resume
      long again = random.nextInt(12);
      try {
        encrypt(header, data, size, CrashInjector.atWrite(again, random.nextInt(40))).close();
      } catch (SimulatedCrashException expected) {
        // resumed below
      }
    }
    try (LuksVolume volume = encrypt(header, data, size, CrashInjector.none())) {
      assertThat(readPlain(volume)).as("seed %d crash at write %d torn after %d sectors", seed, crashAt, torn)
          .isEqualTo(plain);
    }
  }

  @Test
  void open_whileInPlaceEncryptionUnfinished_refused() throws Exception {
    SparseMedia data = dataWith(plaintext(1));
    SparseMedia header = headerDevice();
    assertThatThrownBy(() -> encrypt(header, data, SectorSize.S512, CrashInjector.atWrite(12, 0)))
        .isInstanceOf(SimulatedCrashException.class);
    assertThat(Luks.inspect(header, data).inPlaceEncryptionInProgress()).isTrue();
    assertThatThrownBy(() -> Luks.openDetached(header, data, PASSPHRASE))
        .isInstanceOf(LuksException.class).hasMessageContaining("has not finished");
  }

  @Test
  void encryptInPlace_resumeWithWrongPassphrase_refused() {
    SparseMedia data = dataWith(plaintext(2));
    SparseMedia header = headerDevice();
    assertThatThrownBy(() -> encrypt(header, data, SectorSize.S512, CrashInjector.atWrite(12, 0)))
        .isInstanceOf(SimulatedCrashException.class);
    assertThatThrownBy(() -> Luks.encryptInPlace(header, data, "other".getBytes(StandardCharsets.US_ASCII),
        options(SectorSize.S512), Ledger.VCPU, CrashInjector.none(), HOTZONE))
        .isInstanceOf(WrongPassphraseException.class);
  }

  @Test
  void encryptInPlace_hotzoneChangedOutsideTheEncryption_refusesToGuess() throws Exception {
    byte[] plain = plaintext(3);
    SparseMedia data = dataWith(plain);
    SparseMedia header = headerDevice();
    // the data write of the second hotzone follows the second journal header (the only 8-sector writes)
    AtomicLong journalHeaders = new AtomicLong();
    AtomicLong dataWrite = new AtomicLong(-1);
    encrypt(headerDevice(), dataWith(plain), SectorSize.S512, (i, sectors) -> {
      if (sectors == 8 && journalHeaders.incrementAndGet() == 2) {
        dataWrite.set(i + 1);
      }
      return -1;
    }).close();
    assertThatThrownBy(() -> encrypt(header, data, SectorSize.S512, CrashInjector.atWrite(dataWrite.get(), 0)))
        .isInstanceOf(SimulatedCrashException.class);
    byte[] junk = new byte[512];
    java.util.Arrays.fill(junk, (byte) 0x33);
    data.write(HOTZONE / 512, junk); // first sector of the second hotzone, in flight
    assertThatThrownBy(() -> encrypt(header, data, SectorSize.S512, CrashInjector.none()))
        .isInstanceOf(LuksException.class).hasMessageContaining("matches neither");
  }

  @Test
  void encryptInPlace_finishedVolume_opensItAndEncryptsNothingAgain() throws Exception {
    byte[] plain = plaintext(4);
    SparseMedia data = dataWith(plain);
    SparseMedia header = headerDevice();
    encrypt(header, data, SectorSize.S512, CrashInjector.none()).close();
    byte[] cipher = LuksInteropTest.readAll(data);
    try (LuksVolume again = encrypt(header, data, SectorSize.S512, CrashInjector.none())) {
      assertThat(readPlain(again)).isEqualTo(plain);
    }
    assertThat(LuksInteropTest.readAll(data)).isEqualTo(cipher);
  }

  @Test
  void encryptInPlace_attachedLuksHeaderOnHeaderDevice_refused() {
    SparseMedia other = new SparseMedia("attached", 17L << 20, SectorSize.S512);
    Luks.format(other, PASSPHRASE, LuksFormatOptions.fastForTests()).close();
    assertThatThrownBy(() -> encrypt(other, dataWith(plaintext(7)), SectorSize.S512, CrashInjector.none()))
        .isInstanceOf(LuksException.class).hasMessageContaining("not a detached LUKS2 header");
  }

  @Test
  void encryptInPlace_luks1OrAttached_refused() {
    SparseMedia data = dataWith(plaintext(5));
    assertThatThrownBy(() -> Luks.encryptInPlace(headerDevice(), data, PASSPHRASE,
        LuksFormatOptions.fastForTests().toBuilder().luks1().build(), Ledger.VCPU, CrashInjector.none()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LUKS2 only");
    assertThatThrownBy(() -> Luks.encryptInPlace(data, data, PASSPHRASE, LuksFormatOptions.fastForTests(),
        Ledger.VCPU, CrashInjector.none()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detached");
  }

  @Test
  void encryptInPlace_result_cryptsetupDecryptsBackToThePlaintext() throws Exception {
    Cryptsetup cs = Cryptsetup.require();
    byte[] plain = plaintext(6);
    Path headerFile = dir.resolve("hdr.img");
    Path dataFile = dir.resolve("data.img");
    Path key = dir.resolve("pass");
    Files.write(key, PASSPHRASE);
    Files.write(dataFile, plain);
    try (FileBlockDevice h = FileBlockDevice.create(headerFile, 16L << 20, SectorSize.S512);
        FileBlockDevice d = FileBlockDevice.open(dataFile, SectorSize.S512)) {
      assertThatThrownBy(() -> encrypt(h, d, SectorSize.S4096, CrashInjector.atWrite(20, 3)))
          .isInstanceOf(SimulatedCrashException.class);
      String dump = cs.run("luksDump", headerFile.toString()).output();
      assertThat(dump).as("cryptsetup reads the half-done header").contains("diskcrypt-inplace-encrypt");
      encrypt(h, d, SectorSize.S4096, CrashInjector.none()).close();
    }
    cs.ok("open", "--test-passphrase", "--key-file", key.toString(), "--header", headerFile.toString(),
        dataFile.toString());
    cs.ok("reencrypt", "--decrypt", "--force-offline-reencrypt", "-q", "--key-file", key.toString(),
        "--header", headerFile.toString(), dataFile.toString());
    assertThat(Files.readAllBytes(dataFile)).isEqualTo(plain);
  }

}
