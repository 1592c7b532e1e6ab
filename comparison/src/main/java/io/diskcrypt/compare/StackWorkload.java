package io.diskcrypt.compare;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuUsage;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualMachine;
import java.util.Arrays;
import java.util.Objects;

/**
 * A workload through one option's whole stack, for measuring what the option costs: the option
 * deployed on the standard VM, 64 KiB guest writes or reads cycling over the first 64 MiB of the data
 * disk's guest volume (so memory stays bounded), and the CPU ledger read per component. The data disk
 * has ReadOnly host caching, Azure's default for data disks, so once the span is written ({@link
 * #fill()}), reads are served by the host cache and never reach the storage cluster. Used by {@code
 * diskcrypt bench} and the JMH option benchmarks; not thread-safe.
 */
public final class StackWorkload {
  /** Bytes per write: 64 KiB, a typical large guest I/O. */
  public static final int IO_BYTES = 64 * 1024;
  private static final long SPAN_BYTES = 64L << 20;

  private final String option;
  private final VirtualMachine vm;
  private final BlockDevice volume;
  private final byte[] buffer = new byte[IO_BYTES];
  private final byte[] readBuffer = new byte[IO_BYTES];
  private final long sectorsPerIo;
  private final long spanSectors;
  private long next;
  private long guestBytes;

  private StackWorkload(String option, VirtualMachine vm) {
    this.option = option;
    this.vm = vm;
    this.volume = vm.disk("data0").guestVolume();
    this.sectorsPerIo = IO_BYTES / volume.sectorSize().bytes();
    this.spanSectors = Math.min(volume.sectorCount(), SPAN_BYTES / volume.sectorSize().bytes()) / sectorsPerIo * sectorsPerIo;
    Arrays.fill(buffer, (byte) 0x5A);
  }

  /**
   * Deploys {@code option} on a fresh lab.
   *
   * @throws IllegalStateException when the option cannot be deployed
   */
  public static StackWorkload deploy(OptionSetup option) {
    Objects.requireNonNull(option, "option");
    try {
      return new StackWorkload(option.id(), option.deploy(Lab.create(), option.id(), Image.UBUNTU_22_04));
    } catch (Exception e) {
      throw new IllegalStateException(option.id() + " cannot be deployed: " + e.getMessage(), e);
    }
  }

  /** The option's id. */
  public String option() {
    return option;
  }

  /** Writes one 64 KiB I/O through the guest volume of the data disk. */
  public void writeOnce() {
    volume.write(next, buffer, 0, IO_BYTES);
    advance();
  }

  /**
   * Reads one 64 KiB I/O through the guest volume of the data disk. Call {@link #fill()} first, so
   * that the reads find written data, as a real workload's do.
   */
  public void readOnce() {
    volume.read(next, readBuffer, 0, IO_BYTES);
    advance();
  }

  /** The bytes the last {@link #readOnce()} read. */
  public byte[] lastRead() {
    return readBuffer.clone();
  }

  /** The bytes every {@link #writeOnce()} writes. */
  public byte[] written() {
    return buffer.clone();
  }

  private void advance() {
    next += sectorsPerIo;
    if (next >= spanSectors) {
      next = 0;
    }
    guestBytes += IO_BYTES;
  }

  /** Writes the whole span once, in 64 KiB I/Os, and starts the next I/O at the start of the span. */
  public void fill() {
    for (long sector = 0; sector < spanSectors; sector += sectorsPerIo) {
      volume.write(sector, buffer, 0, IO_BYTES);
    }
    next = 0;
  }

  /** Starts a measurement: zeroes the ledger and the byte count. */
  public void reset() {
    vm.ledger().reset();
    guestBytes = 0;
  }

  /** Guest bytes written or read since {@link #reset()}. */
  public long guestBytes() {
    return guestBytes;
  }

  /**
   * Crypto nanoseconds charged since {@link #reset()} to the account of one kind: the VM's vCPU, the
   * host, or the storage cluster.
   */
  public long cryptoNanos(AccountKind kind) {
    return usage(kind).cryptoNanos();
  }

  private CpuUsage usage(AccountKind kind) {
    return switch (kind) {
      case VM_VCPU -> vm.account().usage();
      case HOST -> vm.host().account().usage();
      case STORAGE_CLUSTER -> vm.cloud().storageCluster().account().usage();
      case PLATFORM_SERVICE -> vm.ledger().total(AccountKind.PLATFORM_SERVICE);
    };
  }

  /**
   * Crypto nanoseconds per guest byte since {@link #reset()} on the account of one kind: the VM's
   * vCPU, the host, or the storage cluster.
   */
  public double cpuNsPerByte(AccountKind kind) {
    return perByte(usage(kind));
  }

  private double perByte(CpuUsage usage) {
    return guestBytes == 0 ? 0 : (double) usage.cryptoNanos() / guestBytes;
  }

  @Override
  public String toString() {
    return "StackWorkload[" + option + "]";
  }
}
