package io.diskcrypt.core.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.core.block.BlockDevice;
import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.crypto.EncryptionLayer;
import io.diskcrypt.core.model.VmSize;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The platform's encryption at rest of a v5 size's temp disk, with no option on. */
class TempDiskAtRestTest {
  private static final byte[] MARKER = "TEMP-DISK-MARKER-0123456789".getBytes(StandardCharsets.US_ASCII);

  private static byte[] marked() {
    byte[] sector = new byte[512];
    System.arraycopy(MARKER, 0, sector, 40, MARKER.length);
    return sector;
  }

  private static long tempHits(VirtualMachine vm) {
    return vm.surfaces().stream().filter(s -> s.role() == SurfaceRole.TEMP_MEDIA)
        .mapToLong(s -> s.surface().scan(MARKER).hits()).sum();
  }

  @Test
  void capability_v5WithTempDiskOnly() {
    assertThat(VmSize.D4DS_V5.encryptsTempDiskAtRest()).isTrue();
    assertThat(VmSize.D4DS_V5.tempDiskBytes()).isEqualTo(150L << 30);
    assertThat(VmSize.D4S_V3.encryptsTempDiskAtRest()).isFalse();
    assertThat(VmSize.A2_V2.encryptsTempDiskAtRest()).isFalse();
    assertThat(VmSize.D2AS_V5.encryptsTempDiskAtRest()).isFalse();
    assertThat(VmSize.DC2AS_V5.withTempDisk("Standard_DC2ads_v5", 75L << 30).encryptsTempDiskAtRest()).isFalse();
  }

  @Test
  void v5Size_tempMediaHoldsCiphertext_readsBack_survivesRestart_wipedOnDeallocate() throws Exception {
    Cloud cloud = Cloud.create("test");
    VirtualMachine vm = cloud.vm("vm5").size(VmSize.D4DS_V5).build();
    vm.start();
    BlockDevice temp = vm.tempDisk().orElseThrow();
    temp.write(9, marked());
    temp.flush();

    assertThat(vm.surfaces()).anyMatch(s -> s.role() == SurfaceRole.TEMP_MEDIA);
    assertThat(vm.tempDisk().orElseThrow().hostMedia().sectorsHeld()).isEqualTo(1);
    assertThat(tempHits(vm)).isZero();
    assertThat(vm.tempDisk().orElseThrow().pathLayers()).singleElement()
        .satisfies(l -> assertThat(l.layer().keyDescription()).contains("platform-managed key").contains("Standard_D4ds_v5"));
    assertThat(cloud.ledger().total(AccountKind.PLATFORM_SERVICE).cryptoBytes()).isEqualTo(512);
    assertThat(cloud.ledger().total(AccountKind.VM_VCPU).cryptoBytes()).isZero();
    assertThat(cloud.ledger().total(AccountKind.HOST).cryptoBytes()).isZero();
    byte[] back = new byte[512];
    temp.read(9, back);
    assertThat(back).isEqualTo(marked());

    vm.stop();
    assertThat(vm.tempDisk().orElseThrow().pathLayers()).isEmpty();
    vm.start();
    vm.tempDisk().orElseThrow().read(9, back);
    assertThat(back).isEqualTo(marked());

    vm.deallocate();
    assertThat(vm.tempDisk().orElseThrow().hostMedia().sectorsHeld()).isZero();
    vm.start();
    vm.tempDisk().orElseThrow().read(9, back);
    assertThat(back).isEqualTo(new byte[512]);
  }

  @Test
  void v3Size_unchanged_plaintextOnTheTempMedia() throws Exception {
    VirtualMachine vm = Cloud.create("test").vm("vm3").size(VmSize.D4S_V3).build();
    vm.start();
    vm.tempDisk().orElseThrow().write(9, marked());
    assertThat(tempHits(vm)).isEqualTo(1);
    assertThat(vm.tempDisk().orElseThrow().pathLayers()).isEmpty();
  }

  @Test
  void anOptionAtHostTempMedia_sitsAboveThePlatformsLayer() throws Exception {
    Cloud cloud = Cloud.create("test");
    BlockDevice[] seen = new BlockDevice[1];
    cloud.pipeline().insert(Placement.HOST_TEMP_MEDIA, "probe", (disk, below, payer) -> {
      seen[0] = below;
      return below;
    });
    cloud.vm("vm5").size(VmSize.D4DS_V5).build().start();
    assertThat(seen[0]).isInstanceOf(EncryptionLayer.class);
  }
}
