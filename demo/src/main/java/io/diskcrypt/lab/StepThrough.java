package io.diskcrypt.lab;

import io.diskcrypt.compare.Lab;
import io.diskcrypt.compare.OptionSetup;
import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuUsage;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One write, step by step, in the order the bytes travel: the guest writes a sector, and at each hop
 * of its data path (the virtual disk, the host cache media, the compute-storage link, the storage
 * media, or the temp disk's media) the bytes found there are shown in hex. Where the bytes change, the
 * hop is marked with the key that encrypted them and the account that paid. Everything is observed:
 * which raw sectors changed, what the CPU ledger charged, which wrapped keys the disk holds.
 */
public final class StepThrough {
  /** What the guest writes when the student gives no text. */
  public static final String DEFAULT_TEXT = "Dear diary: the quarterly numbers are in. Confidential!";
  private static final long GUEST_SECTOR = 2048;
  private static final int DUMP_BYTES = 32;

  private StepThrough() {}

  /**
   * Deploys {@code option} on its standard VM and walks one write of {@code text} to {@code diskName}
   * ({@code os}, {@code data0} or {@code temp}).
   *
   * @throws IllegalArgumentException when the text is empty or longer than a sector, or there is no such disk
   * @throws IllegalStateException when the option cannot be deployed
   */
  public static String explain(OptionSetup option, String diskName, String text) {
    byte[] plain = text.getBytes(StandardCharsets.UTF_8);
    if (plain.length == 0) {
      throw new IllegalArgumentException("--text must not be empty");
    }
    Lab lab = Lab.create();
    VirtualMachine vm;
    try {
      vm = option.deploy(lab, option.id(), Image.UBUNTU_22_04);
    } catch (Exception e) {
      throw new IllegalStateException(option.id() + " cannot be deployed: " + e.getMessage(), e);
    }
    VirtualDisk disk = vm.disk(diskName);
    BlockDevice volume = disk.guestVolume();
    if (plain.length > volume.sectorSize().bytes()) {
      throw new IllegalArgumentException("--text is " + plain.length + " bytes: at most one sector, "
          + volume.sectorSize().bytes() + " bytes");
    }
    byte[] sector = Arrays.copyOf(plain, volume.sectorSize().bytes());

    StringBuilder out = new StringBuilder();
    out.append(option.label()).append(" (").append(option.id()).append(")\n\nWho holds which key:\n");
    option.keyChain().forEach(line -> out.append("  - ").append(line).append('\n'));
    new Walk(lab, vm, disk, sector).write().render(out);
    return out.toString();
  }

  /** One write on one disk, observed. */
  private static final class Walk {
    private final Lab lab;
    private final VirtualMachine vm;
    private final VirtualDisk disk;
    private final byte[] sector;
    private final List<VmSurface> surfaces;
    private final Map<VmSurface, Map<Long, byte[]>> landed = new HashMap<>();
    private final Map<AccountKind, CpuUsage> paid = new HashMap<>();
    private byte[] readBack;

    Walk(Lab lab, VirtualMachine vm, VirtualDisk disk, byte[] sector) {
      this.lab = lab;
      this.vm = vm;
      this.disk = disk;
      this.sector = sector;
      // Path order: the cache media and the link below the host, the storage media last.
      List<SurfaceRole> order = List.of(SurfaceRole.TEMP_MEDIA, SurfaceRole.CACHE_MEDIA, SurfaceRole.LINK, SurfaceRole.STORAGE_MEDIA);
      this.surfaces = vm.surfaces().stream().filter(s -> s.disk().equals(disk.name()))
          .sorted((a, b) -> Integer.compare(order.indexOf(a.role()), order.indexOf(b.role()))).toList();
    }

    Walk write() {
      Map<VmSurface, Map<Long, byte[]>> before = new HashMap<>();
      surfaces.forEach(s -> before.put(s, snapshot(s.surface())));
      vm.ledger().reset();
      BlockDevice volume = disk.guestVolume();
      volume.write(GUEST_SECTOR, sector);
      volume.flush();
      for (AccountKind kind : AccountKind.values()) {
        paid.put(kind, vm.ledger().total(kind));
      }
      for (VmSurface s : surfaces) {
        Map<Long, byte[]> now = snapshot(s.surface());
        Map<Long, byte[]> old = before.get(s);
        Map<Long, byte[]> changed = new HashMap<>();
        now.forEach((n, bytes) -> {
          if (!Arrays.equals(bytes, old.get(n))) {
            changed.put(n, bytes);
          }
        });
        landed.put(s, changed);
      }
      readBack = new byte[sector.length];
      volume.read(GUEST_SECTOR, readBack);
      return this;
    }

    void render(StringBuilder out) {
      out.append(String.format(Locale.ROOT, "%nOne write, hop by hop: the guest writes sector %d of %s (%s disk, host caching %s).%n",
          GUEST_SECTOR, disk.name(), disk.role().name().toLowerCase(Locale.ROOT),
          disk.cachePolicy().name().toLowerCase(Locale.ROOT).replace('_', '-')));
      int step = 1;
      hop(out, step++, "guest: the workload writes", GUEST_SECTOR, sector, true, null);

      Optional<EncryptionLayer> guestLayer = guestLayer(disk.guestVolume());
      Optional<Long> diskSector = surfaces.stream().map(landed::get).filter(m -> !m.isEmpty())
          .map(m -> m.keySet().stream().min(Long::compare).orElseThrow()).findFirst();
      if (diskSector.isEmpty()) {
        out.append("  (the write reached no surface below the guest)\n");
        return;
      }
      byte[] raw = new byte[sector.length];
      disk.read(diskSector.get(), raw);
      boolean vtpm = guestLayer.filter(l -> l.keyDescription().contains("vTPM")).isPresent();
      String guestMark = changed(sector, raw) ? encrypted(vtpm
              ? "in the guest, by its full-disk encryption (confidential disk encryption: the key was released after attestation)"
              : "in the guest, by dm-crypt/BitLocker (Azure Disk Encryption)",
          AccountKind.VM_VCPU, guestLayer.map(EncryptionLayer::keyDescription).orElse("the guest's volume key")) : null;
      hop(out, step++, "virtual disk: what the VM sends to the host", diskSector.get(), raw, !changed(sector, raw), guestMark);
      if (diskSector.get() != GUEST_SECTOR) {
        long shift = diskSector.get() - GUEST_SECTOR;
        out.append(String.format(Locale.ROOT,
            "      The sector moved from %d to %d: the guest's encrypted volume starts %d sectors (%d MiB) into the disk,%n"
                + "      behind its header%s. The host and the storage see only the disk's numbering.%n",
            GUEST_SECTOR, diskSector.get(), shift, shift * sector.length / (1024 * 1024),
            guestLayer.filter(l -> l.keyDescription().startsWith("LUKS")).isPresent() ? " (the LUKS data offset)" : ""));
      }

      byte[] link = raw;
      byte[] cached = null;
      for (VmSurface s : surfaces) {
        Map<Long, byte[]> changes = landed.get(s);
        String name = Attacks.label(s.role());
        if (changes.isEmpty()) {
          out.append(String.format(Locale.ROOT, "%2d. %-44s (nothing reached it yet%s)%n", step++, name,
              s.role() == SurfaceRole.CACHE_MEDIA ? ": this disk's cache keeps no writes" : ""));
          continue;
        }
        long n = changes.keySet().stream().min(Long::compare).orElseThrow();
        byte[] bytes = changes.get(n);
        String mark = null;
        switch (s.role()) {
          case TEMP_MEDIA, CACHE_MEDIA -> {
            if (changed(raw, bytes)) {
              mark = encrypted("on the host, where the VM's I/O arrives", AccountKind.HOST, hostKey());
            }
            cached = bytes;
          }
          case LINK -> {
            if (changed(raw, bytes) && changed(cached, bytes)) {
              mark = encrypted("on the host, before the bytes leave it", AccountKind.HOST, hostKey());
            }
            link = bytes;
          }
          case STORAGE_MEDIA -> {
            if (changed(link, bytes)) {
              mark = encrypted("at the storage cluster's front end (server-side encryption)", AccountKind.STORAGE_CLUSTER, storageKeys());
            }
          }
        }
        hop(out, step++, name, n, bytes, !changed(sector, bytes), mark);
        if (s.role() == SurfaceRole.LINK && changed(raw, bytes) && !changed(cached, bytes)) {
          out.append("      The same ciphertext as in the cache: the host encrypted once, above its cache.\n");
        }
        if (s.role() == SurfaceRole.STORAGE_MEDIA) {
          storageNotes(out, link, bytes);
        }
      }
      hop(out, step, "guest: reads the sector back", GUEST_SECTOR, readBack, !changed(sector, readBack), null);
      payers(out);
    }

    private void storageNotes(StringBuilder out, byte[] link, byte[] stored) {
      long passes = paid.get(AccountKind.STORAGE_CLUSTER).cryptoBytes() / sector.length;
      if (passes > 1) {
        out.append(String.format(Locale.ROOT,
            "      Double encryption: the storage cluster encrypted this sector %d times, with independent data keys.%n", passes));
      }
      if (changed(link, stored) && paid.get(AccountKind.VM_VCPU).cryptoBytes() > 0) {
        out.append("      Two layers: the storage cluster encrypts again beneath the guest's encryption, so the\n"
            + "      storage media's ciphertext differs from the link's.\n");
      }
      if (!changed(link, stored) && changed(sector, stored)) {
        out.append("      The storage cluster keeps the ciphertext it received as it is.\n");
      }
    }

    private void payers(StringBuilder out) {
      out.append("\nWho paid for the crypto of this write (bytes encrypted; a single write is too short to time:\n"
          + "`diskcrypt bench` measures ns per byte, warmed up and repeated):\n");
      for (AccountKind kind : AccountKind.values()) {
        long bytes = paid.get(kind).cryptoBytes();
        if (kind == AccountKind.PLATFORM_SERVICE && bytes == 0) {
          continue; // only a confidential VM's disk setup charges a platform service, never a guest write
        }
        out.append(String.format(Locale.ROOT, "  %-16s %,7d bytes%s%n", payerName(kind), bytes,
            bytes == 0 ? "" : String.format(Locale.ROOT, "  (%d pass%s over the %d-byte sector)",
                bytes / sector.length, bytes / sector.length == 1 ? "" : "es", sector.length)));
      }
    }

    private String encrypted(String where, AccountKind payer, String key) {
      return String.format(Locale.ROOT, "ENCRYPTED %s%n      key: %s%n      paid by: %s (%,d bytes of crypto in this write)",
          where, key, payerName(payer), paid.get(payer).cryptoBytes());
    }

    private String hostKey() {
      if (!disk.role().managed()) {
        return lab.encryptionAtHost().tempDiskKeyId(vm).map(id -> "the VM's temp-disk data key, wrapped by platform-managed key " + id)
            .orElse("the VM's temp-disk data key");
      }
      return storageKeys();
    }

    private String storageKeys() {
      if (!disk.role().managed()) {
        return "none";
      }
      // A confidential VM's guest state ("cvm-" slots) sits beside the disk but is no key of the storage cluster.
      return disk.managedDisk().wrappedKeys().entrySet().stream().filter(e -> !e.getKey().startsWith("cvm-"))
          .map(e -> "data key '" + e.getKey() + "' wrapped by " + e.getValue().keyId() + " (" + e.getValue().algorithm() + ")")
          .collect(Collectors.joining(";\n           "));
    }
  }

  private static String payerName(AccountKind kind) {
    return switch (kind) {
      case VM_VCPU -> "the VM's vCPU";
      case HOST -> "the host";
      case STORAGE_CLUSTER -> "storage cluster";
      case PLATFORM_SERVICE -> "platform service";
    };
  }

  private static void hop(StringBuilder out, int step, String name, long sector, byte[] bytes, boolean plaintext, String mark) {
    if (mark != null) {
      out.append("    >>> ").append(mark).append('\n');
    }
    out.append(String.format(Locale.ROOT, "%2d. %-44s sector %-6d %s%n", step, name, sector, plaintext ? "plaintext" : "CIPHERTEXT"));
    for (int at = 0; at < DUMP_BYTES; at += 16) {
      StringBuilder hex = new StringBuilder();
      StringBuilder text = new StringBuilder();
      for (int i = at; i < at + 16; i++) {
        hex.append(String.format(Locale.ROOT, "%02x ", bytes[i] & 0xff));
        char c = (char) (bytes[i] & 0xff);
        text.append(c >= 32 && c < 127 ? c : '.');
      }
      out.append(String.format(Locale.ROOT, "      %04x  %s|%s|%n", at, hex, text));
    }
  }

  private static boolean changed(byte[] a, byte[] b) {
    return !Arrays.equals(a, b);
  }

  private static Optional<EncryptionLayer> guestLayer(BlockDevice volume) {
    for (BlockDevice d = volume; d instanceof BlockDeviceDecorator decorator; d = decorator.below()) {
      if (d instanceof EncryptionLayer layer) {
        return Optional.of(layer);
      }
    }
    return Optional.empty();
  }

  private static Map<Long, byte[]> snapshot(Surface surface) {
    Map<Long, byte[]> raw = new HashMap<>();
    for (long n : surface.heldSectors()) {
      raw.put(n, surface.readRaw(n).orElseThrow());
    }
    return raw;
  }
}
