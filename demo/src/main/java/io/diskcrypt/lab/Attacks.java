package io.diskcrypt.lab;

import io.diskcrypt.compare.CustomerKey;
import io.diskcrypt.compare.Lab;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.media.Tamper;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Plays each attacker in turn against one option's standard VM: the readers scan the surfaces they
 * can reach for the plaintext the guest wrote; the tamperers change the stored bytes through {@link
 * Tamper} while the VM is deallocated, and the guest reads after it starts again. Every result is
 * observed on the simulated surfaces, not written down.
 */
public final class Attacks {
  /** What the guest writes at the start of every sector, so that a reader can search for it. */
  static final byte[] MARKER = "diskcrypt-lab:SECRET-PLAINTEXT!!".getBytes(StandardCharsets.US_ASCII);
  /** Where the guest writes on every disk, for the readers. */
  private static final long FIRST_SECTOR = 2048;
  /** Where the tamperers work on the data disk: sectors the readers' workload left alone. */
  private static final long TAMPERED_SECTOR = 4096;
  private static final int FLIPPED_BIT = 8 * 100 + 5;
  private static final int BLOCK = 16;
  /** Past the platform's one-hour grace period after a customer's key is revoked. */
  private static final Duration AFTER_GRACE = Duration.ofMinutes(75);

  private final OptionSetup option;
  private final Lab lab;
  private final VirtualMachine vm;
  private final String target;

  private Attacks(OptionSetup option) {
    this.option = option;
    this.lab = Lab.create();
    try {
      this.vm = option.deploy(lab, option.id(), Image.UBUNTU_22_04);
    } catch (Exception e) {
      throw new IllegalStateException(option.id() + " cannot be deployed: " + e.getMessage(), e);
    }
    this.target = vm.dataDisks().get(0).name();
  }

  /**
   * Every attacker against {@code option}: the four readers, the three tamperers (on the data disk),
   * and, when the option has a customer key, the attacker with the stolen media and the revoked key.
   *
   * @throws IllegalStateException when the option cannot be deployed
   */
  public static List<AttackResult> run(OptionSetup option) {
    return new Attacks(option).all();
  }

  private List<AttackResult> all() {
    for (VirtualDisk disk : vm.disks()) {
      BlockDevice volume = disk.guestVolume();
      for (int i = 0; i < 4; i++) {
        volume.write(FIRST_SECTOR + i, plaintext(volume.sectorSize().bytes(), FIRST_SECTOR + i, 1));
      }
      volume.flush();
    }
    List<AttackResult> results = new ArrayList<>();
    results.add(scan(Attacker.STEAL_MEDIA, SurfaceRole.STORAGE_MEDIA));
    results.add(scan(Attacker.READ_CACHE, SurfaceRole.CACHE_MEDIA));
    results.add(scan(Attacker.SNIFF_LINK, SurfaceRole.LINK));
    results.add(scan(Attacker.READ_TEMP, SurfaceRole.TEMP_MEDIA));
    results.add(flipBit());
    results.add(swapSectors());
    results.add(replaySector());
    option.customerKey(lab, vm).ifPresent(key -> results.add(stolenMediaRevokedKey(key)));
    return List.copyOf(results);
  }

  /** The bytes the guest writes to {@code sector}: the marker, then a line naming the sector and version. */
  static byte[] plaintext(int size, long sector, int version) {
    byte[] bytes = new byte[size];
    System.arraycopy(MARKER, 0, bytes, 0, MARKER.length);
    byte[] line = String.format(Locale.ROOT, " the student's secret, sector %d, version %d.", sector, version)
        .getBytes(StandardCharsets.US_ASCII);
    for (int at = MARKER.length; at < size; at += line.length) {
      System.arraycopy(line, 0, bytes, at, Math.min(line.length, size - at));
    }
    return bytes;
  }

  private AttackResult scan(Attacker attacker, SurfaceRole role) {
    List<String> disks = new ArrayList<>();
    long scanned = 0;
    long hits = 0;
    for (VmSurface surface : vm.surfaces()) {
      if (surface.role() == role) {
        ScanResult result = surface.surface().scan(MARKER);
        scanned += result.scanned();
        hits += result.hits();
        disks.add(surface.disk());
      }
    }
    String where = "the " + label(role) + " of " + (disks.isEmpty() ? "no disk" : String.join(", ", disks));
    if (scanned == 0) {
      return AttackResult.read(attacker, false, "nothing to read on " + where + ": no such surface, or nothing reached it");
    }
    String detail = String.format(Locale.ROOT, "scanned %d sectors of %s: %s", scanned, where, hits > 0
        ? "the guest's plaintext in " + hits + " of them"
        : "no plaintext, only ciphertext");
    return AttackResult.read(attacker, hits > 0, detail);
  }

  private AttackResult flipBit() {
    long sector = TAMPERED_SECTOR;
    byte[] written = plaintext(sectorBytes(), sector, 1);
    long stored = writeAndLocate(sector, written);
    Optional<String> failed = offline(() -> Tamper.flipBit(storage(), stored, FLIPPED_BIT));
    String did = String.format(Locale.ROOT, "flipped bit %d of byte %d in stored sector %d of %s; ",
        FLIPPED_BIT % 8, FLIPPED_BIT / 8, stored, target);
    if (failed.isPresent()) {
      return AttackResult.tamper(Attacker.FLIP_BIT, GuestRead.ERROR, did + failed.get());
    }
    return readBack(Attacker.FLIP_BIT, did, sector, written, List.of(), read -> {
      int bits = differingBits(written, read);
      return bits == 1
          ? "the change is exactly the bit the attacker chose: nothing was encrypted"
          : "in that block " + bits + " of 128 bits differ, the rest of the sector is intact: XTS garbles the one block that holds the bit and detects nothing";
    });
  }

  private AttackResult swapSectors() {
    long first = TAMPERED_SECTOR + 1;
    long second = TAMPERED_SECTOR + 2;
    byte[] a = plaintext(sectorBytes(), first, 1);
    byte[] b = plaintext(sectorBytes(), second, 1);
    long storedA = writeAndLocate(first, a);
    long storedB = writeAndLocate(second, b);
    Optional<String> failed = offline(() -> Tamper.swap(storage(), storedA, storedB));
    String did = String.format(Locale.ROOT, "swapped stored sectors %d and %d of %s; ", storedA, storedB, target);
    if (failed.isPresent()) {
      return AttackResult.tamper(Attacker.SWAP_SECTORS, GuestRead.ERROR, did + failed.get());
    }
    return readBack(Attacker.SWAP_SECTORS, did, first, a, List.of(), read -> Arrays.equals(read, b)
        ? "it holds sector " + second + "'s data, readable but misplaced: nothing binds a sector to its position"
        : "neither sector's data: XTS binds each sector to its position (the tweak), so a moved sector decrypts to garbage");
  }

  private AttackResult replaySector() {
    long sector = TAMPERED_SECTOR + 3;
    byte[] v1 = plaintext(sectorBytes(), sector, 1);
    byte[] v2 = plaintext(sectorBytes(), sector, 2);
    long stored = writeAndLocate(sector, v1);
    byte[] old = storage().readRaw(stored).orElseThrow();
    writeAndLocate(sector, v2);
    Optional<String> failed = offline(() -> Tamper.overwrite(storage(), stored, old));
    String did = String.format(Locale.ROOT, "copied stored sector %d of %s while it held version 1, put it back after the guest wrote version 2; ",
        stored, target);
    if (failed.isPresent()) {
      return AttackResult.tamper(Attacker.REPLAY_SECTOR, GuestRead.ERROR, did + failed.get());
    }
    return readBack(Attacker.REPLAY_SECTOR, did, sector, v2, List.of(v1), read -> Arrays.equals(read, v1)
        ? "version 1, bit-exact: XTS has no freshness, an old ciphertext is still a valid one"
        : "not version 1");
  }

  private AttackResult stolenMediaRevokedKey(CustomerKey key) {
    try {
      key.revoke();
    } catch (Exception e) {
      throw new IllegalStateException("the vault refused to revoke " + key.id() + ": " + e.getMessage(), e);
    }
    lab.cloud().clock().advance(AFTER_GRACE);
    long scanned = 0;
    long hits = 0;
    for (VmSurface surface : vm.surfaces()) {
      if (surface.role() == SurfaceRole.STORAGE_MEDIA) {
        ScanResult result = surface.surface().scan(MARKER);
        scanned += result.scanned();
        hits += result.hits();
      }
    }
    vm.deallocate();
    StringBuilder detail = new StringBuilder(String.format(Locale.ROOT,
        "%s; the stolen media show the plaintext in %d of %d sectors; with the revoked key the disks ",
        key.revocation(), hits, scanned));
    boolean readPlaintext = false;
    try {
      vm.start();
      byte[] read = new byte[sectorBytes()];
      vm.disk(target).guestVolume().read(FIRST_SECTOR, read);
      readPlaintext = Arrays.equals(Arrays.copyOf(read, MARKER.length), MARKER);
      detail.append(readPlaintext ? "opened and read back plaintext" : "opened but read no plaintext");
    } catch (Exception refused) {
      detail.append("cannot be opened: ").append(refused.getMessage());
    }
    return AttackResult.read(Attacker.STOLEN_MEDIA_REVOKED_KEY, hits > 0 || readPlaintext, detail.toString());
  }

  /** Deallocates the VM (the attacker works on media nobody uses), runs the tampering, starts it again. */
  private Optional<String> offline(Runnable tampering) {
    vm.deallocate();
    tampering.run();
    try {
      vm.start();
      return Optional.empty();
    } catch (Exception e) {
      return Optional.of("the VM did not start again: " + e.getMessage());
    }
  }

  private AttackResult readBack(Attacker attacker, String did, long sector, byte[] written, List<byte[]> older,
      java.util.function.Function<byte[], String> meaning) {
    byte[] read = new byte[written.length];
    try {
      vm.disk(target).guestVolume().read(sector, read);
    } catch (RuntimeException e) {
      return AttackResult.tamper(attacker, GuestRead.ERROR, did + "the guest's read of sector " + sector + " failed: " + e.getMessage());
    }
    GuestRead outcome = classify(written, read, older);
    int blocks = differingBlocks(written, read);
    String seen = switch (outcome) {
      case INTACT -> "the guest read sector " + sector + " as written";
      case STALE -> "the guest read sector " + sector + " without an error: ";
      default -> String.format(Locale.ROOT, "the guest read sector %d without an error: %d of its %d 16-byte blocks %s from what it wrote; ",
          sector, blocks, written.length / BLOCK, blocks == 1 ? "differs" : "differ");
    };
    return AttackResult.tamper(attacker, outcome, did + seen + (outcome == GuestRead.INTACT ? "" : meaning.apply(read)));
  }

  /** What {@code read} is, against what was {@code written} and the sector's {@code older} versions. */
  static GuestRead classify(byte[] written, byte[] read, List<byte[]> older) {
    if (Arrays.equals(written, read)) {
      return GuestRead.INTACT;
    }
    if (older.stream().anyMatch(old -> Arrays.equals(old, read))) {
      return GuestRead.STALE;
    }
    return differingBlocks(written, read) == 1 ? GuestRead.GARBLED_BLOCK : GuestRead.GARBLED_SECTOR;
  }

  static int differingBlocks(byte[] a, byte[] b) {
    int blocks = 0;
    for (int at = 0; at < a.length; at += BLOCK) {
      if (!Arrays.equals(a, at, at + BLOCK, b, at, at + BLOCK)) {
        blocks++;
      }
    }
    return blocks;
  }

  private static int differingBits(byte[] a, byte[] b) {
    int bits = 0;
    for (int i = 0; i < a.length; i++) {
      bits += Integer.bitCount((a[i] ^ b[i]) & 0xff);
    }
    return bits;
  }

  /**
   * Writes {@code bytes} to the guest's {@code sector} on the target disk and returns the stored sector
   * that changed: found by comparing the storage media before and after, so nothing is assumed about
   * where a layer puts it (LUKS moves it by its header).
   */
  private long writeAndLocate(long sector, byte[] bytes) {
    Surface media = storage();
    Map<Long, byte[]> before = new HashMap<>();
    for (long n : media.heldSectors()) {
      before.put(n, media.readRaw(n).orElseThrow());
    }
    BlockDevice volume = vm.disk(target).guestVolume();
    volume.write(sector, bytes);
    volume.flush();
    List<Long> changed = new ArrayList<>();
    for (long n : media.heldSectors()) {
      if (!Arrays.equals(before.get(n), media.readRaw(n).orElseThrow())) {
        changed.add(n);
      }
    }
    if (changed.size() != 1) {
      throw new IllegalStateException("a one-sector write to " + target + " changed " + changed.size() + " stored sectors");
    }
    return changed.get(0);
  }

  private Surface storage() {
    return vm.surfaces().stream()
        .filter(s -> s.role() == SurfaceRole.STORAGE_MEDIA && s.disk().equals(target))
        .findFirst().orElseThrow().surface();
  }

  private int sectorBytes() {
    return vm.disk(target).guestVolume().sectorSize().bytes();
  }

  static String label(SurfaceRole role) {
    return switch (role) {
      case STORAGE_MEDIA -> "storage media";
      case CACHE_MEDIA -> "host cache media";
      case LINK -> "compute-storage link";
      case TEMP_MEDIA -> "host temp-disk media";
    };
  }
}
