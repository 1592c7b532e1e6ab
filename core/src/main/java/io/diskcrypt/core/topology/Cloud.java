package io.diskcrypt.core.topology;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuLedger;
import io.diskcrypt.core.time.SimClock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One simulated region: a clock, a CPU ledger, a storage cluster, hosts and the VMs on them. The
 * entry point for a test harness:
 *
 * <pre>{@code
 * Cloud cloud = Cloud.create("westeurope");
 * VirtualMachine vm = cloud.vm("vm1").dataDisk(Sectors.gib(1024), CachePolicy.READ_ONLY).build();
 * vm.start();
 * vm.disk("data0").guestVolume().write(0, sector);
 * }</pre>
 */
public final class Cloud {
  /**
   * The subscription of a VM, and of a key vault, built without one: one value for both, since ADE
   * refuses a vault in another subscription than its VM.
   */
  public static final String DEFAULT_SUBSCRIPTION = "sub-0001";

  private final String region;
  private final SimClock clock;
  private final CpuLedger ledger = new CpuLedger();
  private final StorageCluster storage;
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, VirtualMachine> vms = new LinkedHashMap<>();
  private final Set<String> registeredFeatures = new HashSet<>();
  private final Pipeline pipeline = new Pipeline();

  private Cloud(String region, SimClock clock) {
    this.region = Objects.requireNonNull(region, "region");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.storage = new StorageCluster(region + "-storage", ledger.account(region + "-storage cluster", AccountKind.STORAGE_CLUSTER));
    host(region + "-host-1");
  }

  /** A region with a new clock at {@link SimClock#DEFAULT_START}, one host and one storage cluster. */
  public static Cloud create(String region) {
    return new Cloud(region, new SimClock());
  }

  /** A region on a given clock (to share it with a key vault service). */
  public static Cloud create(String region, SimClock clock) {
    return new Cloud(region, clock);
  }

  /** The region's name. */
  public String region() {
    return region;
  }

  /** Simulated time. */
  public SimClock clock() {
    return clock;
  }

  /** Who paid for which crypto. */
  public CpuLedger ledger() {
    return ledger;
  }

  /** The storage cluster holding managed disks. */
  public StorageCluster storageCluster() {
    return storage;
  }

  /** The host named {@code name}, created on first use. */
  public synchronized Host host(String name) {
    return hosts.computeIfAbsent(name, n -> new Host(n, ledger.account(n, AccountKind.HOST)));
  }

  /** The layers the region's options insert into every disk's data path. */
  public Pipeline pipeline() {
    return pipeline;
  }

  /** The first host. */
  public synchronized Host defaultHost() {
    return hosts.values().iterator().next();
  }

  /** Starts describing a VM named {@code name}. */
  public VmBuilder vm(String name) {
    return new VmBuilder(this, name);
  }

  /** Every VM, in creation order. */
  public synchronized List<VirtualMachine> vms() {
    return new ArrayList<>(vms.values());
  }

  synchronized void requireNoVm(String name) {
    if (vms.containsKey(name)) {
      throw new IllegalArgumentException("a VM named " + name + " already exists in " + region);
    }
  }

  synchronized void register(VirtualMachine vm) {
    requireNoVm(vm.name());
    vms.put(vm.name(), vm);
  }

  /** Registers a subscription feature, such as {@code Microsoft.Compute/EncryptionAtHost}. */
  public synchronized void registerFeature(String subscription, String feature) {
    registeredFeatures.add(subscription + "|" + feature);
  }

  /** True when the feature is registered for the subscription. */
  public synchronized boolean featureRegistered(String subscription, String feature) {
    return registeredFeatures.contains(subscription + "|" + feature);
  }

  @Override
  public String toString() {
    return "Cloud[" + region + "]";
  }
}
