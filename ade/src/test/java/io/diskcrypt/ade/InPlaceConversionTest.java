package io.diskcrypt.ade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.block.BlockDeviceDecorator;
import io.diskcrypt.core.cpu.CpuAccount;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.VirtualDisk;
import io.diskcrypt.core.topology.VirtualMachine;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@link InPlaceConversion#encrypt} keeps the data when writing it through the new volume fails. */
class InPlaceConversionTest {
  private static final long SHIFT = 8;
  /** Runs of 4, 2 and 1 sectors, and one longer than the 1 MiB cap on a single write (512-byte sectors). */
  private static final long[] SECTORS = LongStream.concat(LongStream.of(0, 1, 2, 3, 100, 101, 4000),
      LongStream.range(10_000, 12_100)).toArray();

  private final AdeFixture f = new AdeFixture();
  private VirtualMachine vm;
  private VirtualDisk disk;
  /** What {@link #SECTORS} held before the pass. */
  private Map<Long, byte[]> before;

  @Test
  void encrypt_writeBackFails_closesVolumeAndRestoresPlaintext() throws Exception {
    FakeVolume volume = diskWithDataAndVolume(1);

    assertThatThrownBy(() -> InPlaceConversion.encrypt(disk, true, volume.volumeSectors, "test", volume::format,
        vm.account())).isInstanceOf(IllegalStateException.class).hasMessageContaining("injected failure at write 1");

    assertThat(volume.writes).isGreaterThan(1);
    assertThat(volume.closed).isTrue();
    for (Map.Entry<Long, byte[]> e : before.entrySet()) {
      byte[] now = new byte[disk.sectorSize().bytes()];
      disk.read(e.getKey(), now);
      assertThat(now).as("raw sector %d", e.getKey()).isEqualTo(e.getValue());
    }
  }

  @Test
  void encrypt_noFailure_dataReadsBackThroughVolume() throws Exception {
    FakeVolume volume = diskWithDataAndVolume(-1);

    OpenVolume open = InPlaceConversion.encrypt(disk, true, volume.volumeSectors, "test", volume::format,
        vm.account());

    BlockDevice data = open.dataDevice(vm.account());
    for (Map.Entry<Long, byte[]> e : before.entrySet()) {
      byte[] now = new byte[disk.sectorSize().bytes()];
      data.read(e.getKey(), now);
      assertThat(now).as("logical sector %d", e.getKey()).isEqualTo(e.getValue());
      disk.read(e.getKey() + SHIFT, now);
      assertThat(now).as("raw sector %d", e.getKey() + SHIFT).isNotEqualTo(e.getValue());
    }
  }

  /** Starts a VM, writes {@link #SECTORS} of its OS disk, and returns a volume failing at write {@code failAt}. */
  private FakeVolume diskWithDataAndVolume(int failAt) throws Exception {
    vm = f.vm(Image.UBUNTU_22_04);
    vm.start();
    disk = vm.osDisk();
    before = writeDistinctSectors(disk);
    return new FakeVolume(disk, disk.sectorCount() - SHIFT, failAt);
  }

  private static Map<Long, byte[]> writeDistinctSectors(VirtualDisk disk) {
    Map<Long, byte[]> written = new LinkedHashMap<>();
    for (long s : SECTORS) {
      byte[] sector = AdeFixture.marked(disk.sectorSize().bytes());
      Arrays.fill(sector, 0, 8, (byte) (s + 1));
      Arrays.fill(sector, 8, 16, (byte) (s >> 8));
      disk.write(s, sector);
      written.put(s, sector);
    }
    disk.flush();
    return written;
  }

  /**
   * A volume whose header is the disk's first {@link #SHIFT} sectors and whose data area follows, XOR-
   * "encrypted"; its data device throws at write {@code failAt} after that write reached the disk.
   */
  private static final class FakeVolume implements OpenVolume {
    private final VirtualDisk disk;
    final long volumeSectors;
    private final int failAt;
    int writes;
    boolean closed;

    FakeVolume(VirtualDisk disk, long volumeSectors, int failAt) {
      this.disk = disk;
      this.volumeSectors = volumeSectors;
      this.failAt = failAt;
    }

    OpenVolume format() {
      byte[] header = new byte[(int) SHIFT * disk.sectorSize().bytes()];
      Arrays.fill(header, (byte) 0xAA);
      disk.write(0, header);
      return this;
    }

    @Override
    public BlockDevice dataDevice(CpuAccount payer) {
      return new BlockDeviceDecorator(LinuxGuest.slice(disk, SHIFT, volumeSectors)) {
        @Override
        public void read(long sector, byte[] buffer, int offset, int length) {
          super.read(sector, buffer, offset, length);
          xor(buffer, offset, length);
        }

        @Override
        public void write(long sector, byte[] buffer, int offset, int length) {
          byte[] copy = Arrays.copyOfRange(buffer, offset, offset + length);
          xor(copy, 0, length);
          super.write(sector, copy, 0, length);
          if (writes++ == failAt) {
            throw new IllegalStateException("injected failure at write " + failAt);
          }
        }
      };
    }

    private static void xor(byte[] b, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        b[i] ^= 0x5A;
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
