package io.diskcrypt.compare;

import io.diskcrypt.core.cpu.CpuUsage;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Walks a person through one option: one sector written through the guest, where it landed on each
 * surface (found by watching which raw sectors changed, so nothing is assumed about layouts), a short
 * hexdump of it there, who holds which key, and who paid the CPU.
 */
public final class Explainer {
  private static final int DUMP_BYTES = 48;
  static final byte[] SAMPLE = "Dear diary: the quarterly numbers are in. Confidential!".getBytes(StandardCharsets.US_ASCII);

  private Explainer() {}

  /**
   * The walk-through for {@code option}.
   *
   * @throws IllegalStateException when the option cannot be deployed
   */
  public static String explain(OptionSetup option) {
    Lab lab = Lab.create();
    VirtualMachine vm;
    try {
      vm = option.deploy(lab, option.id(), Image.UBUNTU_22_04);
    } catch (Exception e) {
      throw new IllegalStateException(option.id() + " cannot be deployed: " + e.getMessage(), e);
    }
    StringBuilder out = new StringBuilder();
    out.append(option.label()).append(" (").append(option.id()).append(")\n\n");
    out.append("Who holds which key:\n");
    option.keyChain().forEach(line -> out.append("  - ").append(line).append('\n'));

    lab.cloud().ledger().reset();
    for (VirtualDisk disk : vm.disks()) {
      explainDisk(out, vm, disk);
    }

    out.append("\nWho paid the CPU for the crypto of these writes:\n");
    for (CpuUsage usage : List.of(vm.account().usage(), vm.host().account().usage(),
        vm.cloud().storageCluster().account().usage())) {
      out.append(String.format(Locale.ROOT, "  %-28s %,12d ns  %,10d bytes%n", usage.account(), usage.cryptoNanos(), usage.cryptoBytes()));
    }
    return out.toString();
  }

  private static void explainDisk(StringBuilder out, VirtualMachine vm, VirtualDisk disk) {
    var volume = disk.guestVolume();
    byte[] sector = new byte[volume.sectorSize().bytes()];
    System.arraycopy(SAMPLE, 0, sector, 0, SAMPLE.length);
    long number = Math.min(2048, volume.sectorCount() - 1);

    Map<VmSurface, Map<Long, byte[]>> before = new HashMap<>();
    List<VmSurface> surfaces = vm.surfaces().stream().filter(s -> s.disk().equals(disk.name())).toList();
    surfaces.forEach(s -> before.put(s, snapshot(s.surface())));
    volume.write(number, sector);
    volume.flush();
    byte[] back = new byte[sector.length];
    volume.read(number, back);

    out.append("\nDisk ").append(disk.describe()).append(" (").append(disk.role()).append(", cache ")
        .append(disk.cachePolicy()).append(")");
    out.append(volume == disk ? "" : ", guest volume mounted in the VM").append('\n');
    String guest = volume == disk ? "guest" : "guest -> encrypted guest volume (in the VM)";
    out.append("  data path: ").append(guest).append(disk.role().managed()
        ? " -> host cache -> host egress -> compute-storage link -> storage cluster front end -> storage media"
        : " -> host temp-disk media").append('\n');
    out.append(String.format(Locale.ROOT, "  %-30s sector %-10d %s%n", "guest writes", number, hex(sector)));
    for (VmSurface surface : surfaces) {
      Map<Long, byte[]> now = snapshot(surface.surface());
      Map<Long, byte[]> old = before.get(surface);
      Long landed = now.keySet().stream().filter(k -> !Arrays.equals(now.get(k), old.get(k))).sorted().findFirst().orElse(null);
      String where = label(surface.role());
      if (landed == null) {
        out.append(String.format(Locale.ROOT, "  %-30s (nothing reached it)%n", where));
      } else {
        byte[] raw = now.get(landed);
        boolean plain = Arrays.equals(Arrays.copyOf(raw, SAMPLE.length), SAMPLE);
        out.append(String.format(Locale.ROOT, "  %-30s sector %-10d %s  %s%n", where, landed, hex(raw),
            plain ? "PLAINTEXT" : "ciphertext"));
      }
    }
    out.append(String.format(Locale.ROOT, "  %-30s sector %-10d %s%n", "guest reads back", number, hex(back)));
  }

  private static String label(SurfaceRole role) {
    return switch (role) {
      case STORAGE_MEDIA -> "storage cluster media";
      case CACHE_MEDIA -> "host cache media";
      case LINK -> "compute-storage link";
      case TEMP_MEDIA -> "host temp-disk media";
    };
  }

  private static Map<Long, byte[]> snapshot(Surface surface) {
    Map<Long, byte[]> raw = new HashMap<>();
    for (long n : surface.heldSectors()) {
      raw.put(n, surface.readRaw(n).orElseThrow());
    }
    return raw;
  }

  private static String hex(byte[] bytes) {
    StringBuilder hex = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(DUMP_BYTES / 2, bytes.length); i++) {
      hex.append(String.format(Locale.ROOT, "%02x", bytes[i] & 0xff));
      char c = (char) (bytes[i] & 0xff);
      text.append(c >= 32 && c < 127 ? c : '.');
    }
    return hex + " |" + text + "|";
  }
}
