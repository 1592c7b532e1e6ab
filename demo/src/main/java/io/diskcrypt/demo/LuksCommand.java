package io.diskcrypt.demo;

import io.diskcrypt.ade.luks.Luks;
import io.diskcrypt.ade.luks.LuksException;
import io.diskcrypt.ade.luks.LuksFormatOptions;
import io.diskcrypt.ade.luks.LuksHeaderInfo;
import io.diskcrypt.ade.luks.LuksKdf;
import io.diskcrypt.ade.luks.LuksKdfLimits;
import io.diskcrypt.ade.luks.LuksSegmentInfo;
import io.diskcrypt.ade.luks.LuksVersion;
import io.diskcrypt.ade.luks.LuksVolume;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.FileBlockDevice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diskcrypt luks format|dump|write|read}: LUKS images that cryptsetup reads, made and used
 * with the library. The passphrase file is used byte for byte, as {@code cryptsetup --key-file} does.
 */
@Command(
    name = "luks",
    mixinStandardHelpOptions = true,
    description = "Format, inspect, write and read LUKS2/LUKS1 images (aes-xts-plain64), compatible with cryptsetup.",
    subcommands = {
      LuksCommand.Format.class,
      LuksCommand.Dump.class,
      LuksCommand.Write.class,
      LuksCommand.Read.class,
    })
final class LuksCommand implements Runnable {
  private static final CpuAccount CPU = new CpuLedger().account("diskcrypt luks", AccountKind.VM_VCPU);

  @Override
  public void run() {
    throw new IllegalArgumentException("choose a subcommand: format, dump, write or read");
  }

  static byte[] passphrase(Path file) throws IOException {
    byte[] p = Files.readAllBytes(InputFiles.existing("--passphrase-file", file));
    if (p.length == 0) {
      throw new IllegalArgumentException("--passphrase-file " + file + " is empty");
    }
    return p;
  }

  static FileBlockDevice openImage(Path image) throws IOException {
    return FileBlockDevice.open(InputFiles.existing("image", image), SectorSize.S512);
  }

  /** For dump and read: a read-only image works, and a writer elsewhere is not disturbed. */
  static FileBlockDevice openImageReadOnly(Path image) throws IOException {
    return FileBlockDevice.openReadOnly(InputFiles.existing("image", image), SectorSize.S512);
  }

  /**
   * The header device: the detached header file given with {@code --header} (read-only: opening a
   * volume never writes its header), else the image itself.
   */
  static FileBlockDevice openHeader(Path header, FileBlockDevice image) throws IOException {
    return header == null ? image : FileBlockDevice.openReadOnly(InputFiles.existing("--header", header), SectorSize.S512);
  }

  static LuksVolume unlock(FileBlockDevice header, FileBlockDevice device, Path passphraseFile, LuksKdfLimits limits)
      throws IOException {
    byte[] p = passphrase(passphraseFile);
    try {
      return Luks.openDetached(header, device, p, limits);
    } catch (LuksException e) {
      throw new IllegalArgumentException(e.getMessage());
    } finally {
      Arrays.fill(p, (byte) 0);
    }
  }

  /** {@code --header} and the key-derivation ceilings, for the commands that open a volume. */
  static final class OpenOptions {
    @Option(names = "--header", paramLabel = "FILE",
        description = "detached LUKS header file (as cryptsetup --header; ADE keeps the OS disk's in /boot/luks/osluksheader)")
    Path header;

    @Option(names = "--max-kdf-iterations", paramLabel = "N",
        description = "most PBKDF2 iterations a keyslot or digest may ask for (default: ${DEFAULT-VALUE})",
        defaultValue = "" + LuksKdfLimits.DEFAULT_MAX_ITERATIONS)
    int maxIterations;

    @Option(names = "--max-kdf-time", paramLabel = "N",
        description = "highest Argon2 time cost a keyslot may ask for (default: ${DEFAULT-VALUE})",
        defaultValue = "" + LuksKdfLimits.DEFAULT_MAX_ARGON2_TIME)
    int maxTime;

    @Option(names = "--max-kdf-memory", paramLabel = "SIZE",
        description = "most Argon2 memory a keyslot may ask for: bytes or 512M, 2G ... (default: 1G)")
    String maxMemory;

    LuksKdfLimits limits() {
      long memoryKiB = maxMemory == null ? LuksKdfLimits.DEFAULT_MAX_ARGON2_MEMORY_KIB
          : Sizes.parse("--max-kdf-memory", maxMemory) / 1024;
      if (memoryKiB > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("--max-kdf-memory " + maxMemory + " exceeds Argon2's 4 GiB maximum");
      }
      return new LuksKdfLimits(maxIterations, maxTime, (int) memoryKiB);
    }
  }

  /** {@code luks format IMAGE --size SIZE --passphrase-file F}. */
  @Command(name = "format", mixinStandardHelpOptions = true,
      description = {"Create IMAGE of --size bytes and format it as LUKS2 (or LUKS1) with one keyslot.",
          "An existing IMAGE is refused unless --force; it is replaced only by a complete volume."})
  static final class Format implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE") Path image;
    @Option(names = "--size", required = true, description = "image size: bytes or 64M, 1G ...") String size;
    @Option(names = "--passphrase-file", required = true) Path passphraseFile;
    @Option(names = "--sector-size", defaultValue = "512", description = "512 or 4096 (LUKS2 only)") int sectorSize;
    @Option(names = "--pbkdf", description = "argon2id (LUKS2 default) or pbkdf2 (LUKS1 default and only choice)") String pbkdf;
    @Option(names = "--luks1", description = "LUKS1 with a 256-bit key and PBKDF2") boolean luks1;
    @Option(names = "--force", description = "replace IMAGE if it exists (only once the new volume is complete)") boolean force;

    @Override
    public Integer call() throws IOException {
      long bytes = Sizes.parse("--size", size);
      LuksFormatOptions.Builder options = LuksFormatOptions.builder().sectorSize(SectorSize.ofBytes(sectorSize));
      if (pbkdf != null) { // otherwise the format's default: argon2id for LUKS2, pbkdf2 for LUKS1
        switch (pbkdf) {
          case "argon2id" -> options.kdf(LuksKdf.argon2id(4, 65536, 4));
          case "pbkdf2" -> options.kdf(LuksKdf.pbkdf2(100_000));
          default -> throw new IllegalArgumentException("--pbkdf '" + pbkdf + "': allowed are argon2id and pbkdf2");
        }
      }
      if (luks1) {
        options.luks1();
      }
      LuksFormatOptions built = options.build(); // refuses what LUKS1 cannot hold, naming it
      StagedFile.checkTargets(force, Map.of("IMAGE", image), Map.of("--passphrase-file", passphraseFile));
      byte[] p = passphrase(passphraseFile);
      LuksHeaderInfo header;
      // The volume is made in a temporary file: a refused or failed format leaves IMAGE as it was.
      try (StagedFile staged = StagedFile.create(image)) {
        try (FileBlockDevice device = FileBlockDevice.create(staged.temp(), bytes, SectorSize.S512);
            LuksVolume volume = Luks.format(device, p, built)) {
          header = volume.header();
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--size " + size + ": " + e.getMessage());
        }
        staged.commit();
      } finally {
        Arrays.fill(p, (byte) 0);
      }
      print(System.out, header);
      return 0;
    }
  }

  /** {@code luks dump IMAGE [--header FILE]}. */
  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = "Show the LUKS header of IMAGE, or of the detached --header FILE (no passphrase).")
  static final class Dump implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE") Path image;
    @Option(names = "--header", paramLabel = "FILE", description = "detached LUKS header file") Path header;

    @Override
    public Integer call() throws IOException {
      try (FileBlockDevice device = openImageReadOnly(image); FileBlockDevice h = openHeader(header, device)) {
        print(System.out, Luks.inspect(h, device));
      } catch (LuksException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
      return 0;
    }
  }

  /** {@code luks write IMAGE --passphrase-file F --offset BYTES} from standard input. */
  @Command(name = "write", mixinStandardHelpOptions = true,
      description = "Write standard input at --offset of the decrypted data area of IMAGE.")
  static final class Write implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE") Path image;
    @Option(names = "--passphrase-file", required = true) Path passphraseFile;
    @Option(names = "--offset", required = true, description = "byte offset in the data area (K, M, G allowed)") String offset;
    @picocli.CommandLine.Mixin OpenOptions open = new OpenOptions();

    @Override
    public Integer call() throws IOException {
      long at = Sizes.parse("--offset", offset);
      LuksKdfLimits limits = open.limits();
      long written;
      try (FileBlockDevice device = openImage(image); FileBlockDevice h = openHeader(open.header, device);
          LuksVolume volume = unlock(h, device, passphraseFile, limits)) {
        written = DeviceStreams.copyIn(System.in, volume.dataDevice(CPU), at);
      }
      System.err.println("wrote " + written + " bytes at offset " + at);
      return 0;
    }
  }

  /** {@code luks read IMAGE --passphrase-file F --offset BYTES --length BYTES} to standard output. */
  @Command(name = "read", mixinStandardHelpOptions = true,
      description = "Write --length bytes from --offset of the decrypted data area of IMAGE to standard output.")
  static final class Read implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE") Path image;
    @Option(names = "--passphrase-file", required = true) Path passphraseFile;
    @Option(names = "--offset", required = true, description = "byte offset in the data area (K, M, G allowed)") String offset;
    @Option(names = "--length", required = true, description = "bytes to read (K, M, G allowed)") String length;
    @picocli.CommandLine.Mixin OpenOptions open = new OpenOptions();

    @Override
    public Integer call() throws IOException {
      long at = Sizes.parse("--offset", offset);
      long n = Sizes.parse("--length", length);
      LuksKdfLimits limits = open.limits();
      try (FileBlockDevice device = openImageReadOnly(image); FileBlockDevice h = openHeader(open.header, device);
          LuksVolume volume = unlock(h, device, passphraseFile, limits)) {
        DeviceStreams.copyOut(volume.dataDevice(CPU), at, n, System.out);
      }
      return 0;
    }
  }

  static void print(PrintStream out, LuksHeaderInfo info) {
    out.println("LUKS header information");
    out.println("Version:        " + (info.version() == LuksVersion.LUKS2 ? 2 : 1));
    out.println("UUID:           " + TerminalText.escape(info.uuid()));
    out.println("Label:          " + (info.label().isEmpty() ? "(no label)" : TerminalText.escape(info.label())));
    out.println("Cipher:         " + TerminalText.escape(info.cipher()) + (info.keyBits() == 0 ? "" : ", " + info.keyBits() + "-bit key"));
    out.println("Sector size:    " + info.sectorSize().bytes() + " bytes");
    out.println("Data offset:    " + info.dataOffset() + " bytes");
    out.println("Data size:      " + info.dataBytes() + " bytes");
    if (info.version() == LuksVersion.LUKS2) {
      out.println("Epoch (seqid):  " + info.seqid());
    }
    if (!info.requirements().isEmpty()) {
      out.println("Requirements:   " + TerminalText.escape(String.join(", ", info.requirements())));
    }
    if (info.inPlaceEncryptionInProgress()) {
      out.println("State:          in-place encryption in progress");
    }
    if (info.segments().size() > 1) {
      out.println("Segments:");
      for (LuksSegmentInfo s : info.segments()) {
        out.println("  " + s.id() + ": " + TerminalText.escape(s.type()) + " at " + Long.toUnsignedString(s.offset()) + ", "
            + (s.dynamic() ? "to the end of the device" : Long.toUnsignedString(s.size()) + " bytes")
            + (s.type().equals("crypt") ? ", " + TerminalText.escape(s.cipher()) + ", " + s.sectorSize() + "-byte sectors, iv_tweak "
                + Long.toUnsignedString(s.ivTweak()) : "")
            + (s.flags().isEmpty() ? "" : ", flags " + TerminalText.escape(String.join(" ", s.flags()))));
      }
    }
    out.println("Keyslots:");
    for (Map.Entry<Integer, LuksKdf> slot : info.keyslots().entrySet()) {
      out.println("  " + slot.getKey() + ": " + TerminalText.escape(String.valueOf(slot.getValue())));
    }
    for (Map.Entry<Integer, String> slot : info.otherKeyslots().entrySet()) {
      out.println("  " + slot.getKey() + ": not usable here: " + TerminalText.escape(slot.getValue()));
    }
  }
}
