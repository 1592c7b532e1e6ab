package io.diskcrypt.ade.luks;

import io.diskcrypt.core.block.SectorSize;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a LUKS header says about its volume, readable without the passphrase (as {@code cryptsetup
 * luksDump} shows it). Holds no secret.
 *
 * @param version LUKS1 or LUKS2
 * @param uuid the volume UUID
 * @param label the LUKS2 label (empty for none, and for LUKS1)
 * @param cipher the data cipher ({@code aes-xts-plain64}, {@code aes-cbc-essiv:sha256} ...)
 * @param keyBits the volume key size in bits, 0 when no usable keyslot tells it
 * @param sectorSize the encryption sector size
 * @param dataOffset byte offset of the first data segment on the data device (0 with a detached header)
 * @param dataBytes the size of the decrypted data area in bytes (0 when the segments do not fit the
 *     device: such a header is listed, not opened)
 * @param keyslots the keyslots that can open the data, and their KDF
 * @param otherKeyslots every other keyslot, with the reason it cannot open the data here (a reencrypt
 *     keyslot, an unknown kdf, a key bound to no data segment)
 * @param segments every segment, backups included
 * @param requirements the LUKS2 mandatory requirements ({@code online-reencrypt-v2} ...)
 * @param seqid the LUKS2 header sequence id (0 for LUKS1)
 * @param inPlaceEncryptionInProgress true while an in-place (online) encryption has not finished
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
    SortedMap<Integer, String> otherKeyslots,
    List<LuksSegmentInfo> segments,
    List<String> requirements,
    long seqid,
    boolean inPlaceEncryptionInProgress) {

  /** Copies the maps and lists. */
  public LuksHeaderInfo {
    keyslots = Collections.unmodifiableSortedMap(new TreeMap<>(keyslots));
    otherKeyslots = Collections.unmodifiableSortedMap(new TreeMap<>(otherKeyslots));
    segments = List.copyOf(segments);
    requirements = List.copyOf(requirements);
  }
}
