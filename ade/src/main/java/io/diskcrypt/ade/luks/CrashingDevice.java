package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.block.Sectors;
import java.util.concurrent.atomic.AtomicLong;

/** Consults a {@link CrashInjector} before every write; a crash writes a prefix of the sectors and throws. */
final class CrashingDevice extends BlockDeviceDecorator {
  private final CrashInjector injector;
  private final AtomicLong writes;
  private final String name;

  CrashingDevice(BlockDevice below, CrashInjector injector, AtomicLong writes, String name) {
    super(below);
    this.injector = injector;
    this.writes = writes;
    this.name = name;
  }

  @Override
  public void write(long sector, byte[] buffer, int offset, int length) {
    int sectors = Sectors.checkAccess(this, sector, buffer, offset, length);
    long index = writes.getAndIncrement();
    int done = injector.sectorsBeforeCrash(index, sectors);
    if (done < 0) {
      below.write(sector, buffer, offset, length);
      return;
    }
    done = Math.min(done, sectors);
    if (done > 0) {
      below.write(sector, buffer, offset, done * sectorSize().bytes());
    }
    throw new SimulatedCrashException("simulated crash at write " + index + " (" + name + " sector " + sector
        + "): " + done + " of " + sectors + " sectors reached the disk");
  }
}
