package io.diskcrypt.demo;

import io.diskcrypt.ade.bitlocker.BekFile;
import io.diskcrypt.ade.bitlocker.BitLocker;
import io.diskcrypt.ade.bitlocker.BitLockerException;
import io.diskcrypt.ade.bitlocker.BitLockerFormatResult;
import io.diskcrypt.ade.bitlocker.BitLockerOptions;
import io.diskcrypt.ade.bitlocker.BitLockerVolume;
import io.diskcrypt.ade.bitlocker.BitLockerVolumeInfo;
import io.diskcrypt.ade.bitlocker.EncryptionMethod;
import io.diskcrypt.ade.bitlocker.KeyProtector;
import io.diskcrypt.ade.bitlocker.MetadataPlacement;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.SectorSize;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.media.FileBlockDevice;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code diskcrypt bitlocker format|dump|write|read}: BitLocker volumes in image files, unlocked with a
 * {@code .BEK} file, that {@code dislocker} and {@code cryptsetup} open.
 */
@Command(
    name = "bitlocker",
    mixinStandardHelpOptions = true,
    description = {
      "Format, inspect, write and read BitLocker images (dislocker and cryptsetup read them).",
      "As ADE for Windows makes them: an external key in a .BEK file (-> VMK -> FVEK -> XTS-AES",
      "sectors), optionally a 48-digit recovery password. Also AES-CBC with and without the Elephant",
      "diffuser, as older Windows wrote, and volumes whose encryption was paused."
    },
    subcommands = {
      BitlockerCommand.Format.class,
      BitlockerCommand.Dump.class,
      BitlockerCommand.Write.class,
      BitlockerCommand.Read.class,
    })
final class BitlockerCommand implements Runnable {
  @Override
  public void run() {
    throw new IllegalArgumentException("choose a subcommand: format, dump, write or read");
  }

  /** {@code format IMAGE --size SIZE --bek-file OUT.BEK}. */
  @Command(name = "format", mixinStandardHelpOptions = true, description = "Create IMAGE as a new BitLocker volume.")
  static final class Format implements Callable<Integer> {
    @Parameters(index = "0", description = "the image file to create (refused if it exists, unless --force)")
    Path image;

    @Option(names = "--force", description = "replace IMAGE and the key files if they exist (only once all are complete)")
    boolean force;

    @Option(names = "--size", required = true, description = "volume size: bytes, or with K, M or G (binary); >= 1M, a multiple of 64K")
    String size;

    @Option(names = "--bek-file", required = true, description = "where to write the external key (.BEK file)")
    Path bekFile;

    @Option(names = {"--cipher", "--method"}, defaultValue = "xts-aes-256", description = "xts-aes-128, xts-aes-256, "
        + "aes-cbc-128, aes-cbc-256, aes-cbc-128-elephant or aes-cbc-256-elephant (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--placement", defaultValue = "spread", description = "where the metadata copies go: spread "
        + "(as Windows: about 1/3, 4/9 and 5/9 into the volume) or end (default ${DEFAULT-VALUE})")
    String placement;

    @Option(names = "--encrypted-size", description = "leave the encryption paused after this many bytes "
        + "(K, M or G; a multiple of 64K): the rest of the volume stays plaintext, as manage-bde -pause leaves it")
    String encryptedSize;

    @Option(names = "--clear-key", description = "also add a clear-key protector (protection suspended: opens without a key)")
    boolean clearKey;

    @Option(names = "--passphrase-file", description = "also add a passphrase protector, the passphrase read from this "
        + "file (its first line, 8 to 256 characters)")
    Path passphraseFile;

    @Option(names = "--sector-size", defaultValue = "512", description = "512 or 4096 (default ${DEFAULT-VALUE})")
    int sectorSize;

    @Option(names = "--description", defaultValue = "diskcrypt-sim", description = "volume description (default ${DEFAULT-VALUE})")
    String description;

    @Option(names = "--recovery-password-file", description = "also add a 48-digit recovery password and write it here")
    Path recoveryPasswordFile;

    /**
     * Everything is checked before anything is written; the volume and its key files are made under
     * temporary names, the key files take their names first (a volume never exists without its key),
     * the volume last.
     */
    @Override
    public Integer call() throws IOException {
      SectorSize sectors = SectorSize.ofBytes(sectorSize);
      long bytes = Sizes.parse("--size", size);
      BitLockerOptions options = BitLockerOptions.defaults().withMethod(parseMethod(method)).withDescription(description)
          .withRecoveryPassword(recoveryPasswordFile != null).withPlacement(parsePlacement(placement)).withClearKey(clearKey);
      if (encryptedSize != null) {
        options = options.withEncryptionPausedAt(Sizes.parse("--encrypted-size", encryptedSize));
      }
      char[] passphrase = passphraseFile == null ? null : readPassphrase(passphraseFile);
      if (passphrase != null && (passphrase.length < BitLocker.MIN_PASSPHRASE_CHARS
          || passphrase.length > BitLocker.MAX_PASSPHRASE_CHARS)) {
        throw new IllegalArgumentException("--passphrase-file " + passphraseFile + " holds " + passphrase.length
            + " characters: " + BitLocker.MIN_PASSPHRASE_CHARS + " to " + BitLocker.MAX_PASSPHRASE_CHARS + " allowed");
      }
      Map<String, Path> outputs = new LinkedHashMap<>();
      outputs.put("IMAGE", image);
      outputs.put("--bek-file", bekFile);
      outputs.put("--recovery-password-file", recoveryPasswordFile);
      Map<String, Path> inputs = new LinkedHashMap<>();
      inputs.put("--passphrase-file", passphraseFile);
      try {
        StagedFile.checkTargets(force, outputs, inputs);
        format(bytes, sectors, options, passphrase);
      } finally {
        if (passphrase != null) {
          Arrays.fill(passphrase, '\0');
        }
      }
      return 0;
    }

    private void format(long bytes, SectorSize sectors, BitLockerOptions options, char[] passphrase) throws IOException {
      try (StagedFile volume = StagedFile.create(image); StagedFile key = StagedFile.secret(bekFile);
          StagedFile recovery = recoveryPasswordFile == null ? null : StagedFile.secret(recoveryPasswordFile)) {
        BitLockerFormatResult result;
        try (FileBlockDevice device = FileBlockDevice.create(volume.temp(), bytes, sectors)) {
          result = passphrase == null ? BitLocker.format(device, options)
              : BitLocker.formatWithPassphrase(device, options, passphrase, new CpuLedger().account("format", AccountKind.VM_VCPU));
        }
        String bekGuid;
        try (BekFile bek = result.bek()) {
          byte[] encoded = bek.toBytes();
          try {
            key.write(encoded);
          } finally {
            Arrays.fill(encoded, (byte) 0);
          }
          bekGuid = bek.guid().toString();
        }
        if (recovery != null) {
          recovery.write((result.recoveryPassword().orElseThrow().value() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        key.commit();
        if (recovery != null) {
          recovery.commit();
        }
        volume.commit();
        PrintStream out = System.out;
        out.println("volume " + result.info().volumeGuid() + ": " + result.info().method() + ", "
            + result.info().volumeBytes() + " bytes, metadata at " + result.info().metadataOffsets());
        out.println("external key " + bekGuid + " written to " + bekFile);
        if (recovery != null) {
          out.println("recovery password written to " + recoveryPasswordFile);
        }
      }
    }
  }

  /** {@code dump IMAGE}. */
  @Command(name = "dump", mixinStandardHelpOptions = true, description = "Print the volume's metadata (no key needed).")
  static final class Dump implements Callable<Integer> {
    @Parameters(index = "0", description = "the BitLocker image")
    Path image;

    @Override
    public Integer call() throws IOException {
      try (FileBlockDevice device = openImage(image, false)) {
        BitLockerVolumeInfo info = BitLocker.readInfo(device);
        PrintStream out = System.out;
        // Every field read from the image is escaped: a description can hold newlines and terminal
        // escape sequences, which would otherwise forge lines of this output or drive the terminal.
        out.println("BitLocker volume " + TerminalText.escape(image.toString()));
        out.println("  GUID:           " + info.volumeGuid());
        out.println("  method:         " + info.method() + " (" + cipherName(info.method()) + ")");
        out.println("  description:    " + TerminalText.escape(info.description()));
        out.println("  created:        " + info.created());
        out.println("  sector size:    " + info.sectorSize().bytes());
        out.println("  volume bytes:   " + info.volumeBytes());
        out.println("  state:          " + info.currentState() + (info.converting() ? ", heading for " + info.nextState()
            + ": bytes [0, " + info.encryptedBytes() + ") encrypted, the rest plaintext" : ""));
        if (info.encryptOnWrite()) {
          out.println("  mode:           encrypt-on-write (listed only: reading it is refused)");
        }
        for (int i = 0; i < 3; i++) {
          out.println("  metadata copy " + i + ": 65536 bytes at " + info.metadataOffsets().get(i));
        }
        out.println("  first " + info.relocatedHeaderBytes() + " bytes kept at " + info.relocatedHeaderOffset());
        for (KeyProtector p : info.protectors()) {
          out.println("  protector:      " + p.guid() + " " + p.type().label()
              + String.format(" (0x%04x)", p.protectionCode()));
        }
      } catch (BitLockerException e) {
        throw new IllegalArgumentException(image + ": " + e.getMessage());
      }
      return 0;
    }
  }

  /** {@code write IMAGE --bek-file F --offset BYTES}, data from standard input. */
  @Command(name = "write", mixinStandardHelpOptions = true, description = "Write standard input into the unlocked volume at --offset.")
  static final class Write implements Callable<Integer> {
    @Mixin
    Target target;

    @Override
    public Integer call() throws IOException {
      long written;
      try (FileBlockDevice device = openImage(target.image, true); BitLockerVolume volume = target.key.unlock(device)) {
        written = DeviceStreams.copyIn(System.in, Target.plainDevice(volume), target.offset);
      }
      System.err.println("wrote " + written + " bytes at offset " + target.offset);
      return 0;
    }
  }

  /** {@code read IMAGE --bek-file F --offset BYTES --length BYTES}, data to standard output. */
  @Command(name = "read", mixinStandardHelpOptions = true, description = "Read --length bytes at --offset of the unlocked volume to standard output.")
  static final class Read implements Callable<Integer> {
    @Mixin
    Target target;

    @Option(names = "--length", required = true, description = "number of bytes to read")
    long length;

    @Override
    public Integer call() throws IOException {
      try (FileBlockDevice device = openImage(target.image, false); BitLockerVolume volume = target.key.unlock(device)) {
        DeviceStreams.copyOut(Target.plainDevice(volume), target.offset, length, System.out);
      }
      return 0;
    }
  }

  static EncryptionMethod parseMethod(String text) {
    for (EncryptionMethod m : EncryptionMethod.values()) {
      if (cipherName(m).equals(text.toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("--cipher must be one of " + Arrays.stream(EncryptionMethod.values())
        .map(BitlockerCommand::cipherName).toList() + ", got '" + TerminalText.escape(text) + "'");
  }

  /** The name {@code --cipher} takes: xts-aes-256, aes-cbc-128-elephant, ... */
  static String cipherName(EncryptionMethod method) {
    String mode = method.xts() ? "xts-aes-" : "aes-cbc-";
    return mode + method.aesBits() + (method.elephant() ? "-elephant" : "");
  }

  /** The first line of {@code file}, without its line ending. */
  static char[] readPassphrase(Path file) throws IOException {
    String text = Files.readString(InputFiles.existing("--passphrase-file", file));
    int end = text.indexOf('\n');
    String line = end < 0 ? text : text.substring(0, end > 0 && text.charAt(end - 1) == '\r' ? end - 1 : end);
    return line.toCharArray();
  }

  static MetadataPlacement parsePlacement(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "spread" -> MetadataPlacement.SPREAD;
      case "end" -> MetadataPlacement.END;
      default -> throw new IllegalArgumentException("--placement must be spread or end, got '" + TerminalText.escape(text) + "'");
    };
  }

  /** The image, opened for writing or read-only (for dump and read, so that a read-only image works). */
  private static FileBlockDevice openImage(Path image, boolean writable) throws IOException {
    byte[] first = new byte[512];
    try (InputStream in = Files.newInputStream(InputFiles.existing("image", image))) {
      if (in.readNBytes(first, 0, 512) < 512) {
        throw new IllegalArgumentException("image " + image + " is shorter than one sector");
      }
    }
    try {
      SectorSize sectorSize = BitLocker.probeSectorSize(first);
      return writable ? FileBlockDevice.open(image, sectorSize) : FileBlockDevice.openReadOnly(image, sectorSize);
    } catch (BitLockerException e) {
      throw new IllegalArgumentException(image + ": " + e.getMessage());
    }
  }

  /** How {@code write} and {@code read} unlock the volume: exactly one of these. */
  static final class Key {
    @Option(names = "--bek-file", required = true, description = "the .BEK file (external key) that unlocks the volume")
    Path bekFile;

    @Option(names = "--recovery-password-file", required = true,
        description = "a file holding the 48-digit recovery password (as format writes it)")
    Path recoveryPasswordFile;

    @Option(names = "--recovery-password", required = true, description = "the 48-digit recovery password "
        + "(visible to other users in the process list: prefer --recovery-password-file)")
    String recoveryPassword;

    @Option(names = "--clear-key", required = true, description = "open with the clear key (protection suspended)")
    boolean clearKey;

    @Option(names = "--passphrase-file", required = true, description = "a file whose first line is the passphrase")
    Path passphraseFile;

    BitLockerVolume unlock(BlockDevice device) throws IOException {
      try {
        if (bekFile != null) {
          byte[] bytes = Files.readAllBytes(InputFiles.existing("--bek-file", bekFile));
          try (BekFile bek = BekFile.parse(bytes)) {
            return BitLocker.open(device, bek);
          } finally {
            Arrays.fill(bytes, (byte) 0);
          }
        }
        if (clearKey) {
          return BitLocker.openWithClearKey(device);
        }
        if (passphraseFile != null) {
          char[] passphrase = readPassphrase(passphraseFile);
          try {
            return BitLocker.openWithPassphrase(device, passphrase);
          } finally {
            Arrays.fill(passphrase, '\0');
          }
        }
        String password = recoveryPassword != null ? recoveryPassword
            : Files.readString(InputFiles.existing("--recovery-password-file", recoveryPasswordFile)).strip();
        return BitLocker.openWithRecoveryPassword(device, password);
      } catch (BitLockerException e) {
        throw new IllegalArgumentException(e.getMessage());
      }
    }
  }

  /** What write and read share: the image, the key that unlocks it, and where in it. */
  static final class Target {
    @Parameters(index = "0", description = "the BitLocker image")
    Path image;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Option(names = "--offset", required = true, description = "byte offset in the decrypted volume")
    long offset;

    /** The decrypted volume; DeviceBytes refuses a range that does not fit it, naming the range. */
    static BlockDevice plainDevice(BitLockerVolume volume) {
      return volume.dataDevice(new CpuLedger().account("diskcrypt", AccountKind.VM_VCPU));
    }
  }

}
