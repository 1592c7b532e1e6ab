package io.diskcrypt.testing;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.media.SparseMedia;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.media.Tamper;
import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.keyvault.FaultHook;
import io.diskcrypt.keyvault.KeyVaultException;
import io.diskcrypt.keyvault.ServiceUnavailableException;
import io.diskcrypt.keyvault.ThrottledException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Faults a test injects into its region ({@link SimulatedRegion#faults()}), in the vocabulary of
 * WireMock's: deterministic in simulated time, and seeded where a choice is random (the region's
 * {@link SimulatedRegion.Builder#seed seed}).
 *
 * <ul>
 *   <li>Key Vault (every vault of the region): unreachable for a window ({@link #vaultOutage}), 429
 *       with Retry-After for the next calls or for a window without spending the real budget ({@link
 *       #throttleNextVaultCalls}, {@link #throttleVault}), latency per call ({@link #vaultLatency}).
 *   <li>Storage media of a managed disk: I/O errors on chosen sectors ({@link #failSectors}), a failed
 *       or torn Nth write ({@link #failNthWrite}, {@link #tearNthWrite}).
 *   <li>A host crash that loses a ReadWrite cache's unflushed writes ({@link #crashHost}), bit flips on
 *       media at rest ({@link #flipBits}).
 * </ul>
 *
 * <p>The platform answers each as the real one does, through the simulation's own rules: a running VM
 * keeps its unwrapped keys through a vault outage shorter than the revocation grace period (the key
 * watch stops it only after an hour without a usable key); a start during an outage or under 429 fails
 * with a {@link io.diskcrypt.core.topology.VmStartException} naming the key, its vault and the reason.
 * A storage I/O error reaches the caller of the disk as an {@link UncheckedIOException}. Thread-safe.
 */
public final class Faults {
  private final SimClock clock;
  private final SplittableRandom random;
  private final Map<ManagedDisk, DiskFaults> disks = new ConcurrentHashMap<>();
  private Instant outageFrom;
  private Instant outageUntil;
  private int throttledCalls;
  private Duration throttledRetryAfter = Duration.ZERO;
  private Instant throttleUntil;
  private Duration latency = Duration.ZERO;

  Faults(SimClock clock, long seed) {
    this.clock = clock;
    this.random = new SplittableRandom(seed);
  }

  // ---- Key Vault ----

  /** Every vault of the region is unreachable (HTTP 503) from now for {@code length} of simulated time. */
  public Faults vaultOutage(Duration length) {
    return vaultOutage(Duration.ZERO, length);
  }

  /** Every vault of the region is unreachable (HTTP 503) from {@code after} from now, for {@code length}. */
  public synchronized Faults vaultOutage(Duration after, Duration length) {
    requirePositive(length, "outage length");
    outageFrom = clock.instant().plus(requireNotNegative(after, "outage start"));
    outageUntil = outageFrom.plus(length);
    return this;
  }

  /**
   * The next {@code calls} vault calls are refused with HTTP 429 and {@code retryAfter}; they spend none of
   * the vault's real budget.
   */
  public synchronized Faults throttleNextVaultCalls(int calls, Duration retryAfter) {
    if (calls < 1) {
      throw new IllegalArgumentException("calls to throttle must be at least 1, got " + calls);
    }
    throttledCalls = calls;
    throttledRetryAfter = requirePositive(retryAfter, "Retry-After");
    return this;
  }

  /**
   * Every vault call from now for {@code window} is refused with HTTP 429; Retry-After tells the time
   * left in the window (in whole seconds).
   */
  public synchronized Faults throttleVault(Duration window) {
    throttleUntil = clock.instant().plus(requirePositive(window, "throttling window"));
    return this;
  }

  /** Each vault call takes {@code perCall} of simulated time (the clock moves after it); zero for none. */
  public synchronized Faults vaultLatency(Duration perCall) {
    latency = requireNotNegative(perCall, "latency");
    return this;
  }

  /** The hook the region's Key Vault service asks before each call. */
  FaultHook vaultHook() {
    return this::beforeVaultCall;
  }

  private synchronized Duration beforeVaultCall(String vault, String operation) throws KeyVaultException {
    Instant now = clock.instant();
    if (outageFrom != null && !now.isBefore(outageFrom) && now.isBefore(outageUntil)) {
      throw new ServiceUnavailableException("vault '" + vault + "' cannot be reached for " + operation
          + " (injected outage until " + outageUntil + ")");
    }
    if (throttledCalls > 0) {
      throttledCalls--;
      throw new ThrottledException("vault '" + vault + "' throttled " + operation + " (injected)", throttledRetryAfter);
    }
    if (throttleUntil != null && now.isBefore(throttleUntil)) {
      long millis = Duration.between(now, throttleUntil).toMillis();
      throw new ThrottledException("vault '" + vault + "' throttled " + operation + " (injected until " + throttleUntil
          + ")", Duration.ofSeconds(Math.max(1, (millis + 999) / 1000)));
    }
    return latency;
  }

  // ---- disks ----

  /**
   * Every read or write of the storage media of {@code disk} that touches one of {@code sectors} fails
   * whole, writing nothing, with an {@link UncheckedIOException} naming the disk and the sector.
   */
  public Faults failSectors(VirtualDisk disk, long... sectors) {
    DiskFaults faults = faultsOf(disk);
    for (long sector : sectors) {
      if (sector < 0 || sector >= disk.sectorCount()) {
        throw new IllegalArgumentException("sector " + sector + " is outside disk " + disk.describe() + " (0.."
            + (disk.sectorCount() - 1) + ")");
      }
      faults.badSectors.add(sector);
    }
    return this;
  }

  /**
   * The {@code n}th write to reach the storage media of {@code disk} from now (1 = the next) fails
   * whole, writing nothing. A ReadWrite host cache sends its writes at the flush.
   */
  public Faults failNthWrite(VirtualDisk disk, int n) {
    return tearNthWrite(disk, n, 0);
  }

  /**
   * The {@code n}th write to reach the storage media of {@code disk} from now (1 = the next) is torn:
   * its first {@code sectorsWritten} sectors reach the media, then it fails, as a power loss mid-write
   * leaves it. Each sector is whole: old or new, never a mix.
   */
  public Faults tearNthWrite(VirtualDisk disk, int n, int sectorsWritten) {
    if (n < 1) {
      throw new IllegalArgumentException("n counts writes from 1 (the next one), got " + n);
    }
    if (sectorsWritten < 0) {
      throw new IllegalArgumentException("sectors written must not be negative, got " + sectorsWritten);
    }
    DiskFaults faults = faultsOf(disk);
    synchronized (faults) {
      faults.failWriteAt = faults.writes + n;
      faults.sectorsBeforeFailure = sectorsWritten;
    }
    return this;
  }

  /** Removes every disk fault of {@code disk}. */
  public Faults healDisk(VirtualDisk disk) {
    disks.remove(managed(disk));
    return this;
  }

  /** The layer in front of each managed disk's media, for {@link SimulatedRegion} to insert first. */
  BlockDevice mediaLayer(VirtualDisk disk, BlockDevice media) {
    ManagedDisk managed = disk.managedDisk();
    return managed == null ? media : new FaultyMedia(media, disk.describe(), managed);
  }

  private DiskFaults faultsOf(VirtualDisk disk) {
    return disks.computeIfAbsent(managed(disk), d -> new DiskFaults());
  }

  private static ManagedDisk managed(VirtualDisk disk) {
    Objects.requireNonNull(disk, "disk");
    if (disk.managedDisk() == null) {
      throw new IllegalArgumentException("disk " + disk.describe() + " is not a managed disk (the temp disk lives on"
          + " the host): storage faults need a managed disk");
    }
    return disk.managedDisk();
  }

  // ---- hosts and media ----

  /**
   * The host under {@code vm} fails ({@link VirtualMachine#crashHost}): a ReadWrite cache's unflushed
   * writes, the temp disk and guest memory are lost; the platform restarts the VM on another host, or
   * leaves it stopped saying why.
   */
  public void crashHost(VirtualMachine vm) {
    Objects.requireNonNull(vm, "vm").crashHost();
  }

  /**
   * Flips {@code count} distinct bits at random (from the region's seed) in sectors that {@code surface},
   * media at rest, holds: what a decaying disk or a tamperer does ({@link Tamper#flipBit}).
   *
   * @return the bits flipped, in the order flipped
   * @throws IllegalArgumentException when the surface is not media at rest, or holds fewer bits than asked
   */
  public synchronized List<BitFlip> flipBits(Surface surface, int count) {
    Objects.requireNonNull(surface, "surface");
    if (!(surface instanceof SparseMedia media)) {
      throw new IllegalArgumentException(surface.name() + " is " + surface.kind()
          + ": only media at rest can have its bits flipped");
    }
    long[] held = media.heldSectors();
    int bitsPerSector = media.sectorSize().bytes() * 8;
    if (count < 1 || count > (long) held.length * bitsPerSector) {
      throw new IllegalArgumentException("cannot flip " + count + " bits: " + media.name() + " holds "
          + held.length + " sectors");
    }
    Set<BitFlip> flips = new LinkedHashSet<>();
    while (flips.size() < count) {
      flips.add(new BitFlip(held[random.nextInt(held.length)], random.nextInt(bitsPerSector)));
    }
    flips.forEach(f -> Tamper.flipBit(media, f.sector(), f.bit()));
    return new ArrayList<>(flips);
  }

  /**
   * One flipped bit.
   *
   * @param sector the sector of the media
   * @param bit the bit's index in the sector, from 0 (the lowest bit of the first byte)
   */
  public record BitFlip(long sector, int bit) {}

  private static Duration requirePositive(Duration d, String what) {
    if (Objects.requireNonNull(d, what).isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }

  private static Duration requireNotNegative(Duration d, String what) {
    if (Objects.requireNonNull(d, what).isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + d);
    }
    return d;
  }

  /** The faults of one managed disk's media; guarded by itself. */
  private static final class DiskFaults {
    final NavigableSet<Long> badSectors = new ConcurrentSkipListSet<>();
    long writes;
    long failWriteAt = -1;
    int sectorsBeforeFailure;
  }

  /** The storage media of one managed disk as the faults leave it. */
  private final class FaultyMedia extends BlockDeviceDecorator {
    private final String disk;
    private final ManagedDisk managed;

    FaultyMedia(BlockDevice media, String disk, ManagedDisk managed) {
      super(media);
      this.disk = disk;
      this.managed = managed;
    }

    @Override
    public void read(long sector, byte[] buffer, int offset, int length) {
      int count = Sectors.checkAccess(this, sector, buffer, offset, length);
      DiskFaults faults = disks.get(managed);
      if (faults != null) {
        refuseBadSector(faults, sector, count, "read");
      }
      below.read(sector, buffer, offset, length);
    }

    @Override
    public void write(long sector, byte[] buffer, int offset, int length) {
      int count = Sectors.checkAccess(this, sector, buffer, offset, length);
      DiskFaults faults = disks.get(managed);
      if (faults == null) {
        below.write(sector, buffer, offset, length);
        return;
      }
      refuseBadSector(faults, sector, count, "write");
      int torn;
      synchronized (faults) {
        faults.writes++;
        torn = faults.writes == faults.failWriteAt ? Math.min(faults.sectorsBeforeFailure, count) : -1;
      }
      if (torn < 0) {
        below.write(sector, buffer, offset, length);
        return;
      }
      if (torn > 0) {
        below.write(sector, buffer, offset, torn * sectorSize().bytes());
      }
      throw ioError("write of sectors " + sector + ".." + (sector + count - 1) + " of disk " + disk + " failed after "
          + torn + " of " + count + " sectors (injected)");
    }

    /** One ordered lookup per call, not one per sector: the first bad sector at or after {@code sector}. */
    private void refuseBadSector(DiskFaults faults, long sector, int count, String what) {
      Long bad = faults.badSectors.ceiling(sector);
      if (bad != null && bad < sector + count) {
        throw ioError(what + " of sectors " + sector + ".." + (sector + count - 1) + " of disk " + disk
            + " failed: medium error on sector " + bad + " (injected)");
      }
    }

    private UncheckedIOException ioError(String message) {
      return new UncheckedIOException(new IOException(message));
    }
  }
}
