package io.diskcrypt.ade.bitlocker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.diskcrypt.core.cpu.AccountKind;
import io.diskcrypt.core.cpu.CpuLedger;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 21: a metadata copy that parses but fails the VMK-keyed validation (a change with a valid
 * CRC-32) is skipped for the next copy, as Windows keeps three copies for; only when every copy fails
 * is the volume refused, naming copy 0's failure.
 */
@Tag("reliability")
class MetadataCopyRetryTest {

  /** Changes the description of copy {@code copy} and fixes its CRC-32: only the validation hash notices. */
  private static void alterDescription(MetadataFixture fixture, int copy) {
    byte[] area = fixture.area(copy);
    try {
      area[MetadataFixture.datumOffset(area, Datums.ENTRY_DESCRIPTION) + 8] = 'X';
    } catch (BitLockerFormatException e) {
      throw new IllegalStateException(e);
    }
    fixture.writeArea(copy, MetadataFixture.recrc(area));
  }

  @Test
  void open_copy0FailsValidation_opensWithCopy1AndReportsItsMetadata() throws Exception {
    MetadataFixture fixture = new MetadataFixture(false);
    byte[] written = new byte[4096];
    Arrays.fill(written, (byte) 0x5a);
    try (BitLockerVolume volume = BitLocker.open(fixture.media, fixture.result.bek())) {
      volume.dataDevice(new CpuLedger().account("vm", AccountKind.VM_VCPU)).write(8, written);
    }
    alterDescription(fixture, 0);

    try (BitLockerVolume volume = BitLocker.open(fixture.media, fixture.result.bek())) {
      assertThat(volume.info().description()).as("the validated copy's metadata").isEqualTo("diskcrypt-sim");
      byte[] back = new byte[4096];
      volume.dataDevice(new CpuLedger().account("vm", AccountKind.VM_VCPU)).read(8, back);
      assertThat(back).isEqualTo(written);
    }
  }

  @Test
  void openWithRecoveryPassword_copies0And1FailValidation_opensWithCopy2() throws Exception {
    MetadataFixture fixture = new MetadataFixture(true);
    alterDescription(fixture, 0);
    alterDescription(fixture, 1);

    try (BitLockerVolume volume = BitLocker.openWithRecoveryPassword(fixture.media,
        fixture.result.recoveryPassword().orElseThrow().value())) {
      assertThat(volume.info().description()).isEqualTo("diskcrypt-sim");
    }
  }

  @Test
  void open_everyCopyFailsValidation_isRefusedNamingTheValidation() {
    MetadataFixture fixture = new MetadataFixture(false);
    for (int copy = 0; copy < 3; copy++) {
      alterDescription(fixture, copy);
    }

    assertThatThrownBy(() -> BitLocker.open(fixture.media, fixture.result.bek()))
        .isInstanceOf(BitLockerFormatException.class).hasMessageContaining("validation SHA-256");
  }

  @Test
  void open_copy0VmkAlteredWithValidCrc_opensWithCopy1() throws Exception {
    MetadataFixture fixture = new MetadataFixture(false);
    byte[] area = fixture.area(0);
    area[MetadataFixture.datumOffset(area, Datums.ENTRY_VMK) + 100] ^= 1; // inside the wrapped VMK
    fixture.writeArea(0, MetadataFixture.recrc(area));

    BitLocker.open(fixture.media, fixture.result.bek()).close();
  }
}
