package io.diskcrypt.compare;

import io.diskcrypt.core.cpu.CpuUsage;
import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.VmExtension;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmState;
import io.diskcrypt.core.topology.VmSurface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the audit behind one row: deploys the option on a fresh lab, writes known plaintext through
 * the guest into every disk, then observes. Every cell is a measurement with its evidence.
 */
public final class OptionAudit {
  /** A custom Linux image, for the custom-images column. */
  static final Image CUSTOM_LINUX = Image.custom("contoso-golden-ubuntu", OsType.LINUX, "Ubuntu 22.04");
  /** How long after a revocation the audit waits: past the platform's one-hour grace period. */
  static final Duration AFTER_GRACE = Duration.ofMinutes(75);

  private final Edition edition;

  /** An audit for one Defender edition. */
  public OptionAudit(Edition edition) {
    this.edition = edition;
  }

  /**
   * Audits one option.
   *
   * @throws IllegalStateException when the option cannot be deployed on a marketplace image, or the
   *     workload does not read back: the simulation itself is broken then
   */
  public Row audit(OptionSetup option) {
    Lab lab = Lab.create();
    VirtualMachine vm = deploy(option, lab);
    Map<Column, Cell> cells = new EnumMap<>(Column.class);

    lab.cloud().ledger().reset();
    for (VirtualDisk disk : vm.disks()) {
      KnownPlaintext.write(disk.guestVolume());
    }
    Map<String, Object> cpu = cpuEvidence(vm);
    for (VirtualDisk disk : vm.disks()) {
      if (!KnownPlaintext.readsBack(disk.guestVolume())) {
        throw new IllegalStateException(option.id() + ": " + disk.describe() + " does not read back what was written");
      }
    }

    cells.put(Column.ENCRYPTION_AT_REST, scanCell(vm, SurfaceRole.STORAGE_MEDIA));
    cells.put(Column.TEMP_DISK, scanCell(vm, SurfaceRole.TEMP_MEDIA));
    cells.put(Column.CACHES, scanCell(vm, SurfaceRole.CACHE_MEDIA));
    cells.put(Column.LINK_ENCRYPTED, scanCell(vm, SurfaceRole.LINK));
    cells.put(Column.NO_VM_CPU, cpuCell(cpu));
    cells.put(Column.CUSTOM_IMAGES, customImageCell(option));
    cells.put(Column.DEFENDER, defenderCell(vm));
    cells.put(Column.ROTATION_REWRAPS_ONLY, rotationCell(option, lab, vm));
    cells.put(Column.CUSTOMER_KEY_CONTROL, keyControlCell(option, lab, vm));
    return new Row(option.id(), option.label(), cells);
  }

  private static VirtualMachine deploy(OptionSetup option, Lab lab) {
    try {
      return option.deploy(lab, option.id(), Image.UBUNTU_22_04);
    } catch (Exception e) {
      throw new IllegalStateException(option.id() + " cannot be deployed on " + Image.UBUNTU_22_04.name() + ": " + e.getMessage(), e);
    }
  }

  /** True when plaintext was written to the surfaces' disks and found on none of them. */
  static Cell scanCell(VirtualMachine vm, SurfaceRole role) {
    List<String> names = new ArrayList<>();
    long scanned = 0;
    long hits = 0;
    int surfaces = 0;
    for (VmSurface surface : vm.surfaces()) {
      if (surface.role() != role) {
        continue;
      }
      ScanResult result = surface.surface().scan(KnownPlaintext.MARKER);
      scanned += result.scanned();
      hits += result.hits();
      surfaces++;
      names.add(result.surface() + " (" + result.hits() + "/" + result.scanned() + ")");
    }
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("surfaces", names);
    evidence.put("scanned", scanned);
    evidence.put("hits", hits);
    boolean observed = scanned > 0;
    if (!observed) {
      evidence.put("note", surfaces == 0 ? "no such surface on this VM" : "nothing reached this surface");
    }
    return Cell.of(observed && hits == 0, evidence);
  }

  private static Map<String, Object> cpuEvidence(VirtualMachine vm) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("vmCpu", usage(vm.account().usage()));
    evidence.put("host", usage(vm.host().account().usage()));
    evidence.put("storageCluster", usage(vm.cloud().storageCluster().account().usage()));
    return evidence;
  }

  private static Map<String, Object> usage(CpuUsage usage) {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("account", usage.account());
    figures.put("ns", usage.cryptoNanos());
    figures.put("bytes", usage.cryptoBytes());
    return figures;
  }

  static Cell cpuCell(Map<String, Object> evidence) {
    @SuppressWarnings("unchecked")
    Map<String, Object> vmCpu = (Map<String, Object>) evidence.get("vmCpu");
    boolean none = (long) vmCpu.get("ns") == 0 && (long) vmCpu.get("bytes") == 0;
    return Cell.of(none, evidence);
  }

  private static Cell customImageCell(OptionSetup option) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("image", CUSTOM_LINUX.name());
    Lab lab = Lab.create();
    try {
      VirtualMachine vm = option.deploy(lab, option.id() + "-custom", CUSTOM_LINUX);
      KnownPlaintext.write(vm.osDisk().guestVolume());
      evidence.put("deployed", true);
      return Cell.of(true, evidence);
    } catch (Exception refused) {
      evidence.put("deployed", false);
      evidence.put("refusal", refused.getMessage());
      return Cell.of(false, evidence);
    }
  }

  private Cell defenderCell(VirtualMachine vm) {
    DefenderAssessor assessor = new DefenderAssessor(edition);
    DefenderAssessor.Status plain = assessor.assess(vm, false);
    DefenderAssessor.Status exempt = assessor.assess(vm, true);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("edition", edition.id());
    evidence.put("withoutExemption", plain.name());
    evidence.put("withExemption", exempt.name());
    evidence.put("extensions", vm.extensions().stream().map(VmExtension::type).toList());
    evidence.put("encryptionAtHost", String.valueOf(vm.securityProfile().encryptionAtHost()));
    return new Cell(DefenderAssessor.cellText(plain, exempt), evidence);
  }

  private static Cell rotationCell(OptionSetup option, Lab lab, VirtualMachine vm) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    try {
      Map<String, byte[]> before = storageSnapshot(vm);
      Optional<String> how = option.rotateKeys(lab, vm);
      if (how.isEmpty()) {
        evidence.put("measured", false);
        evidence.put("note", "not measured: the simulation of this option has no key rotation");
        return Cell.of(false, evidence);
      }
      lab.cloud().clock().advance(AFTER_GRACE);
      Map<String, byte[]> after = storageSnapshot(vm);
      long changed = before.keySet().stream().filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k))).count();
      boolean readable = vm.disks().stream().allMatch(d -> KnownPlaintext.readsBack(d.guestVolume()));
      evidence.put("rotation", how.get());
      evidence.put("storageSectorsCompared", before.size());
      evidence.put("storageSectorsChanged", changed);
      evidence.put("readsBackAfterRotation", readable);
      return Cell.of(changed == 0 && readable && !before.isEmpty(), evidence);
    } catch (Exception e) {
      evidence.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      return Cell.of(false, evidence);
    }
  }

  private static Map<String, byte[]> storageSnapshot(VirtualMachine vm) {
    for (VirtualDisk disk : vm.disks()) {
      disk.flush();
    }
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (VirtualDisk disk : vm.disks()) {
      if (disk.role().managed()) {
        var media = disk.managedDisk().media();
        for (long sector : media.heldSectors()) {
          raw.put(disk.name() + "#" + sector, media.readRaw(sector).orElseThrow());
        }
      }
    }
    return raw;
  }

  private static Cell keyControlCell(OptionSetup option, Lab lab, VirtualMachine vm) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    Optional<CustomerKey> key = option.customerKey(lab, vm);
    if (key.isEmpty()) {
      evidence.put("customerKey", "none: the platform holds every key");
      return Cell.of(false, evidence);
    }
    CustomerKey customer = key.get();
    evidence.put("customerKey", customer.id());
    evidence.put("revocation", customer.revocation());
    try {
      customer.revoke();
      lab.cloud().clock().advance(AFTER_GRACE);
      if (option.keyHeldInGuestMemory()) {
        evidence.put("readableBeforeRestart", readsBack(vm));
        vm.stop();
      }
      evidence.put("stateAfterRevocation", vm.state().name());
      String startAfterRevoke = tryStart(vm);
      evidence.put("startAfterRevocation", startAfterRevoke);
      String readAfterRevoke = tryRead(vm);
      evidence.put("readAfterRevocation", readAfterRevoke);
      boolean unreadable = !"bit-exact".equals(readAfterRevoke);

      customer.restore();
      lab.cloud().clock().advance(Duration.ofMinutes(5));
      evidence.put("startAfterRestore", tryStart(vm));
      String readAfterRestore = tryRead(vm);
      evidence.put("readAfterRestore", readAfterRestore);
      return Cell.of(unreadable && "bit-exact".equals(readAfterRestore), evidence);
    } catch (Exception e) {
      evidence.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      return Cell.of(false, evidence);
    }
  }

  private static String tryStart(VirtualMachine vm) {
    if (vm.state() == VmState.RUNNING) {
      return "already running";
    }
    try {
      vm.start();
      return "ok";
    } catch (Exception e) {
      return "refused: " + e.getMessage();
    }
  }

  private static String tryRead(VirtualMachine vm) {
    try {
      return readsBack(vm) ? "bit-exact" : "garbled";
    } catch (RuntimeException e) {
      return "failed: " + e.getMessage();
    }
  }

  private static boolean readsBack(VirtualMachine vm) {
    return vm.disks().stream().filter(d -> d.role().managed()).allMatch(d -> KnownPlaintext.readsBack(d.guestVolume()));
  }
}
