package io.diskcrypt.compare;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuUsage;
import io.diskcrypt.core.media.ScanResult;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.VmExtension;
import io.diskcrypt.core.model.OsType;
import io.diskcrypt.core.topology.Placement;
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
  /** HSM support cells by the id of the customer-key form they were measured on: one run per form. */
  private final Map<String, Cell> hsmSupport = new java.util.concurrent.ConcurrentHashMap<>();

  /** An audit for one edition. */
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

    long beforeFirstBoot = lab.cloud().ledger().total(AccountKind.PLATFORM_SERVICE).cryptoBytes();
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
    if (edition == Edition.E2022) {
      cells.put(Column.DEFENDER, defenderCell(vm));
    } else {
      cells.put(Column.DEFENDER, defenderTodayCell(vm));
      cells.put(Column.TEMP_DISK, tempDiskToday(option, lab, vm, cells.get(Column.TEMP_DISK)));
      cells.put(Column.ENHANCED_KEY_PROTECTION, keyProtectionCell(lab, vm, beforeFirstBoot));
      cells.put(Column.HSM_SUPPORT, hsmSupport.computeIfAbsent(option.customerKeyForm().id(), id -> hsmCell(option)));
    }
    cells.put(Column.ROTATION_REWRAPS_ONLY, rotationCell(option, lab, vm));
    Cell keyControl = keyControlCell(option, lab, vm);
    if (edition == Edition.CURRENT && keyControl.isTrue() && keyControl.evidence().get("configuredWith") instanceof String with) {
      keyControl = keyControl.qualified("when configured with " + with);
    }
    cells.put(Column.CUSTOMER_KEY_CONTROL, keyControl);
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

  /**
   * Today's temp disk cell: the scan's value, with what keyed the temp disk and any preview the audit
   * turned on; qualified when the temp disk took a platform key although the option's disks use the
   * customer's, or when only a preview encrypted it.
   */
  private static Cell tempDiskToday(OptionSetup option, Lab lab, VirtualMachine vm, Cell scanned) {
    Map<String, Object> evidence = new LinkedHashMap<>(scanned.evidence());
    evidence.put("size", vm.size().name() + " (series v" + vm.size().seriesVersion() + ")");
    List<String> keys = vm.tempDisk().map(t -> t.pathLayers().stream().map(l -> l.layer().keyDescription()).toList()).orElse(List.of());
    evidence.put("tempDiskKeys", keys);
    option.tempDiskOptIn().ifPresent(optIn -> evidence.put("preview", optIn));
    Cell cell = new Cell(scanned.value(), evidence);
    if (!cell.isTrue()) {
      return cell;
    }
    if (evidence.containsKey("preview")) {
      return cell.qualified("in preview");
    }
    boolean customerDisks = option.customerKey(lab, vm).isPresent();
    if (customerDisks && !keys.isEmpty() && keys.stream().allMatch(k -> k.startsWith("platform-managed key"))) {
      return cell.qualified("only supported with platform-managed key");
    }
    return cell;
  }

  /**
   * Enhanced key protection, observed: which components held the OS disk's outermost data key (the one
   * the guest's bytes meet first: the option's own), whether a platform service held a key before the
   * first boot, and whether the key's release depended on attestation: the VM is restarted with its
   * attestation made to fail.
   */
  private static Cell keyProtectionCell(Lab lab, VirtualMachine vm, long platformServiceBytes) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    VirtualDisk os = vm.osDisk();
    List<String> layers = new ArrayList<>();
    os.pathLayers().forEach(l -> layers.add(holder(l.placement()) + ": " + l.layer().keyDescription()));
    if (os.guestVolumeMounted()) {
      layers.add(0, "the VM (guest volume)");
    }
    evidence.put("osDiskLayers", layers);
    List<String> holders = new ArrayList<>();
    if (os.guestVolumeMounted()) {
      holders.add("VM");
    } else if (!os.pathLayers().isEmpty()) {
      holders.add(holder(os.pathLayers().get(os.pathLayers().size() - 1).placement()));
    }
    if (platformServiceBytes > 0) {
      holders.add("platform service, before the first boot (" + platformServiceBytes + " bytes encrypted)");
    }
    evidence.put("heldTheDataKey", holders);
    String withFailedAttestation;
    vm.stop();
    lab.attestation().failPlatform(vm, "the audit made this VM's attestation fail");
    try {
      vm.start();
      withFailedAttestation = "started: its key did not wait for attestation";
    } catch (Exception refused) {
      withFailedAttestation = "refused: " + refused.getMessage();
    } finally {
      lab.attestation().healPlatform(vm);
    }
    if (vm.state() != VmState.RUNNING) {
      StandardOptions.started(vm);
    }
    boolean dependsOnAttestation = withFailedAttestation.startsWith("refused");
    evidence.put("startWithFailedAttestation", withFailedAttestation);
    evidence.put("releaseRequiredAttestation", dependsOnAttestation);
    evidence.put("readsBackAfterRestart", readsBack(vm));
    boolean hostOrStorage = holders.stream().anyMatch(h -> h.equals("host") || h.equals("storage cluster"));
    return Cell.of(dependsOnAttestation && !hostOrStorage && holders.contains("VM") && readsBack(vm), evidence);
  }

  private static String holder(Placement placement) {
    return placement == Placement.STORAGE ? "storage cluster" : "host";
  }

  /**
   * HSM support, observed: the option's customer-key form deployed in a fresh lab whose customer keys
   * are HSM-protected in each store in turn; a store counts when the option deployed and the guest's
   * data read back.
   */
  private static Cell hsmCell(OptionSetup option) {
    OptionSetup form = option.customerKeyForm();
    Map<String, Object> evidence = new LinkedHashMap<>();
    if (form != option) {
      evidence.put("customerKeyForm", option.id() + " holds no customer key: the experiment ran " + form.id());
    }
    List<String> worked = new ArrayList<>();
    for (Lab.KeyStore store : Lab.KeyStore.values()) {
      String outcome;
      try {
        Lab lab = Lab.withHsmKeysIn(store);
        VirtualMachine vm = form.deploy(lab, form.id() + "-hsm", Image.UBUNTU_22_04);
        for (VirtualDisk disk : vm.disks()) {
          KnownPlaintext.write(disk.guestVolume());
        }
        if (readsBack(vm)) {
          worked.add(store.id());
          outcome = "worked: " + form.customerKey(lab, vm).map(CustomerKey::id).orElse("no customer key");
        } else {
          outcome = "deployed, but the data did not read back";
        }
      } catch (Exception refused) {
        outcome = "refused: " + refused.getMessage();
      }
      evidence.put(store.id(), outcome);
    }
    return new Cell(worked, evidence);
  }

  /** Defender today: the four recommendations, each assessed separately. */
  private static Cell defenderTodayCell(VirtualMachine vm) {
    Map<String, String> verdicts = DefenderToday.assess(vm);
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("edition", Edition.CURRENT.id());
    evidence.put("recommendations", verdicts);
    evidence.put("securityType", vm.securityProfile().securityType().wireName());
    evidence.put("extensions", vm.extensions().stream().map(VmExtension::type).toList());
    evidence.put("encryptionAtHost", String.valueOf(vm.securityProfile().encryptionAtHost()));
    return new Cell(DefenderToday.cell(verdicts), evidence);
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
      evidence.put("error", String.valueOf(e.getMessage())); // words for the lab page, not a class name
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

  private Cell keyControlCell(OptionSetup option, Lab lab, VirtualMachine vm) {
    Map<String, Object> evidence = new LinkedHashMap<>();
    Optional<CustomerKey> key = option.customerKey(lab, vm);
    if (key.isEmpty()) {
      evidence.put("customerKey", "none: the platform holds every key");
      return Cell.of(false, evidence);
    }
    CustomerKey customer = key.get();
    evidence.put("customerKey", customer.id());
    if (edition == Edition.CURRENT) {
      evidence.put("configuredWith", customer.configuredWith());
    }
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
      evidence.put("error", String.valueOf(e.getMessage())); // words for the lab page, not a class name
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
