package io.diskcrypt.ade.bitlocker;

import java.util.Objects;
import java.util.UUID;

/**
 * One key protector of a volume: a VMK entry, named by its GUID (for an external key, the GUID the
 * {@code .BEK} file must carry).
 *
 * @param guid the VMK entry's GUID
 * @param type how the VMK is protected
 * @param protectionCode the raw protection code
 */
public record KeyProtector(UUID guid, ProtectorType type, int protectionCode) {
  /** Checks that nothing is null. */
  public KeyProtector {
    Objects.requireNonNull(guid, "guid");
    Objects.requireNonNull(type, "type");
  }
}
