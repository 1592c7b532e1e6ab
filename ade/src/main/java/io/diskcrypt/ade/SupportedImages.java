package io.diskcrypt.ade;

import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which images ADE accepts and what their guest tools produce.
 *
 * <p>Linux: the extension calls {@code cryptsetup luksFormat} without cipher or type flags, so the
 * distribution's cryptsetup decides: before 2.1 (Ubuntu 18.04, RHEL/CentOS 7) LUKS1 with a 256-bit
 * aes-xts-plain64 key, from 2.1 LUKS2 with a 512-bit key. Custom Linux images are refused.
 *
 * <p>Windows: ADE picks the BitLocker method by release: XTS-AES-256 from Windows 10 1511 and Server
 * 2016. Older releases (Server 2012/2012 R2, Windows 8.x, Windows 10 1507) would get AES-CBC-256 and
 * 2008 R2 AES-256 with the Elephant diffuser; the simulated BitLocker writes only XTS-AES, so those are
 * refused with a message saying so (a deliberate gap, not ADE's behaviour). Custom Windows images are
 * accepted when their release is recognised.
 */
final class SupportedImages {
  /** Linux release (prefix of {@link Image#osVersion()}) to LUKS version: true for LUKS2. */
  private static final Map<String, Boolean> LINUX = new LinkedHashMap<>();

  static {
    LINUX.put("Ubuntu 18.04", false);
    LINUX.put("Ubuntu 20.04", true);
    LINUX.put("Ubuntu 22.04", true);
    LINUX.put("Ubuntu 24.04", true);
    LINUX.put("RHEL 7", false);
    LINUX.put("RHEL 8", true);
    LINUX.put("RHEL 9", true);
    LINUX.put("CentOS 7", false);
    LINUX.put("CentOS 8", true);
    LINUX.put("Oracle Linux 8", true);
    LINUX.put("SLES 15", true);
  }

  private SupportedImages() {}

  /** What ADE will do on a Linux image: the LUKS version and key size. */
  record LinuxProfile(boolean luks2, int keyBits) {}

  /**
   * The Linux profile of {@code image}.
   *
   * @throws AdeRefusedException for a custom image or a release ADE does not support
   */
  static LinuxProfile linux(Image image) {
    if (image.custom()) {
      throw new AdeRefusedException("ADE does not support custom Linux images: image " + image.name()
          + " is custom; use a supported marketplace image " + LINUX.keySet());
    }
    for (Map.Entry<String, Boolean> e : LINUX.entrySet()) {
      if (image.osVersion().startsWith(e.getKey())) {
        return e.getValue() ? new LinuxProfile(true, 512) : new LinuxProfile(false, 256);
      }
    }
    throw new AdeRefusedException("ADE does not support Linux release '" + image.osVersion() + "' (image "
        + image.name() + "): supported are " + LINUX.keySet());
  }

  /** What ADE will do on a Windows image. */
  record WindowsProfile(boolean rsa2048KekRefused) {}

  /**
   * The Windows profile of {@code image} (marketplace or custom).
   *
   * @throws AdeRefusedException for a release before Windows 10 1511 / Server 2016, or one not recognised
   */
  static WindowsProfile windows(Image image) {
    String v = image.osVersion();
    String lower = v.toLowerCase(Locale.ROOT);
    boolean modern = lower.startsWith("windows server 2016") || lower.startsWith("windows server 2019")
        || lower.startsWith("windows server 2022") || lower.startsWith("windows server 2025")
        || lower.startsWith("windows 11") || (lower.startsWith("windows 10") && !lower.contains("1507"));
    if (modern) {
      return new WindowsProfile(lower.startsWith("windows server 2022") || lower.startsWith("windows 11"));
    }
    boolean older = lower.startsWith("windows server 2012") || lower.startsWith("windows server 2008")
        || lower.startsWith("windows 8") || lower.startsWith("windows 10");
    if (older) {
      throw new AdeRefusedException("Windows release '" + v + "' would get AES-CBC-256"
          + (lower.contains("2008") ? " with the diffuser" : "") + ": the simulated BitLocker writes only"
          + " XTS-AES (Windows 10 1511 / Server 2016 and later)");
    }
    throw new AdeRefusedException("Windows release '" + v + "' (image " + image.name() + ") is not recognised:"
        + " expected Windows Server 2016/2019/2022/2025, Windows 10 or Windows 11");
  }

  /** True for Windows images. */
  static boolean isWindows(Image image) {
    return image.os() == OsType.WINDOWS;
  }
}
