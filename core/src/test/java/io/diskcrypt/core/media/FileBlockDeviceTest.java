package io.diskcrypt.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.block.SectorSize;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockDeviceTest {
  @TempDir Path dir;

  @Test
  void secondWriter_isRefusedAtOpen_andCreateDoesNotTruncateAnImageInUse() throws Exception {
    Path image = dir.resolve("disk.img");
    byte[] sevens = new byte[512];
    Arrays.fill(sevens, (byte) 7);
    try (FileBlockDevice first = FileBlockDevice.create(image, 8 * 512, SectorSize.S512)) {
      first.write(1, sevens);
      assertThatThrownBy(() -> FileBlockDevice.open(image, SectorSize.S512))
          .isInstanceOf(FileSystemException.class).hasMessageContaining("in use").hasMessageContaining(image.toString());
      assertThatThrownBy(() -> FileBlockDevice.openReadOnly(image, SectorSize.S512))
          .isInstanceOf(FileSystemException.class).hasMessageContaining("in use");
      assertThatThrownBy(() -> FileBlockDevice.create(image, 512, SectorSize.S512))
          .isInstanceOf(FileSystemException.class).hasMessageContaining("in use");
      assertThat(Files.size(image)).isEqualTo(8 * 512);
    }
    try (FileBlockDevice again = FileBlockDevice.open(image, SectorSize.S512)) {
      byte[] read = new byte[512];
      again.read(1, read);
      assertThat(read).isEqualTo(sevens);
    }
  }

  @Test
  void readOnly_readsAFileItMayNotWrite_andRefusesWrites() throws Exception {
    Path image = dir.resolve("ro.img");
    try (FileBlockDevice d = FileBlockDevice.create(image, 4 * 512, SectorSize.S512)) {
      d.write(0, new byte[512]);
    }
    assertThat(image.toFile().setWritable(false, false)).isTrue();
    try (FileBlockDevice d = FileBlockDevice.openReadOnly(image, SectorSize.S512)) {
      assertThat(d.sectorCount()).isEqualTo(4);
      d.read(3, new byte[512]);
      d.flush();
      assertThatThrownBy(() -> d.write(0, new byte[512]))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("read-only");
    }
  }
}
