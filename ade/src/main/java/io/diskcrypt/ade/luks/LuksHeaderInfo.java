package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import java.util.SortedMap;

/**
 * What a LUKS header says about its volume, readable without the passphrase (as {@code cryptsetup
 * luksDump} shows it). Holds no secret.
 *
 * @param version LUKS1 or LUKS2
 * @param uuid the volume UUID
 * @param label the LUKS2 label (empty for none, and for LUKS1)
 * @param cipher always {@code aes-xts-plain64} here
 * @param keyBits the volume key size in bits (256 or 512)
 * @param sectorSize the encryption sector size
 * @param dataOffset byte offset of the data segment on the data device (0 with a detached header)
 * @param dataBytes the size of the decrypted data area in bytes
 * @param keyslots the active keyslots and their KDF
 * @param seqid the LUKS2 header sequence id (0 for LUKS1)
 * @param inPlaceEncryptionInProgress true while an in-place encryption has not finished
 */
public record LuksHeaderInfo(
    LuksVersion version,
    String uuid,
    String label,
    String cipher,
    int keyBits,
    SectorSize sectorSize,
    long dataOffset,
    long dataBytes,
    SortedMap<Integer, LuksKdf> keyslots,
    long seqid,
    boolean inPlaceEncryptionInProgress) {

  /** Copies the keyslot map. */
  public LuksHeaderInfo {
    keyslots = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(keyslots));
  }
}
