package io.diskcrypt.ade;

import io.diskcrypt.ade.luks.LuksKdf;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.model.OsType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which images ADE accepts and what their guest tools produce.
 *
 * <p>Linux: the releases of Microsoft Learn's list ("Supported operating systems", Azure Disk Encryption
 * for Linux VMs, 02/2026), some for data disks only. The extension calls {@code cryptsetup luksFormat}
 * without cipher, type or {@code --pbkdf} flags, so the release's cryptsetup decides the format: before
 * 2.1 LUKS1 with a 256-bit aes-xts-plain64 key and PBKDF2; 2.1 to 2.3 LUKS2 with a 512-bit key and
 * Argon2i; from 2.4 the same with Argon2id. Custom Linux images are refused.
 *
 * <p>Windows: ADE picks the BitLocker method by release: XTS-AES-256 from Windows 10 1511 and Server
 * 2016. Older releases (Server 2012/2012 R2, Windows 8.x, Windows 10 1507) would get AES-CBC-256 and
 * 2008 R2 AES-256 with the Elephant diffuser; the simulated BitLocker writes only XTS-AES, so those are
 * refused with a message saying so (a deliberate gap, not ADE's behaviour). Custom Windows images are
 * accepted when their release is recognised.
 */
final class SupportedImages {
  /** Linux release (prefix of {@link Image#osVersion()}) to what ADE does there, in Microsoft Learn's order. */
  private static final Map<String, LinuxProfile> LINUX = new LinkedHashMap<>();

  static {
    linux("Ubuntu 24.04", Cryptsetup.ARGON2ID, false);
    linux("Ubuntu 22.04", Cryptsetup.ARGON2ID, false);
    linux("Ubuntu 20.04", Cryptsetup.ARGON2I, false);
    linux("Ubuntu 18.04", Cryptsetup.LUKS1, false);
    linux("CBL-Mariner 2", Cryptsetup.ARGON2ID, false);
    linux("CentOS 8", Cryptsetup.ARGON2I, false);
    linux("CentOS 7", Cryptsetup.LUKS1, false);
    linux("CentOS 6.8", Cryptsetup.LUKS1, true);
    linux("Oracle Linux 8", Cryptsetup.ARGON2I, false);
    linux("RHEL 9", Cryptsetup.ARGON2ID, false);
    linux("RHEL 8", Cryptsetup.ARGON2I, false);
    linux("RHEL 7", Cryptsetup.LUKS1, false);
    linux("RHEL 6.8", Cryptsetup.LUKS1, true);
    linux("RHEL 6.7", Cryptsetup.LUKS1, true);
    linux("openSUSE 42.3", Cryptsetup.LUKS1, true);
    linux("SLES 12-SP4", Cryptsetup.LUKS1, true);
    linux("SLES HPC 12-SP3", Cryptsetup.LUKS1, true);
  }

  private SupportedImages() {}

  private static void linux(String release, Cryptsetup cryptsetup, boolean dataOnly) {
    LINUX.put(release, new LinuxProfile(cryptsetup, dataOnly));
  }

  /** What a release's {@code cryptsetup luksFormat} writes by default. */
  enum Cryptsetup {
    /** Before 2.1: LUKS1, 256-bit key, PBKDF2. */
    LUKS1(false, 256, LuksKdf.Type.PBKDF2),
    /** 2.1 to 2.3: LUKS2, 512-bit key, Argon2i. */
    ARGON2I(true, 512, LuksKdf.Type.ARGON2I),
    /** 2.4 and later: LUKS2, 512-bit key, Argon2id. */
    ARGON2ID(true, 512, LuksKdf.Type.ARGON2ID);

    final boolean luks2;
    final int keyBits;
    final LuksKdf.Type kdf;

    Cryptsetup(boolean luks2, int keyBits, LuksKdf.Type kdf) {
      this.luks2 = luks2;
      this.keyBits = keyBits;
      this.kdf = kdf;
    }
  }

  /**
   * What ADE will do on a Linux image.
   *
   * @param cryptsetup the LUKS version, key size and keyslot KDF the image's cryptsetup writes
   * @param dataOnly true when Microsoft Learn lists the release for data disks only
   */
  record LinuxProfile(Cryptsetup cryptsetup, boolean dataOnly) {
    boolean luks2() {
      return cryptsetup.luks2;
    }

    int keyBits() {
      return cryptsetup.keyBits;
    }

    LuksKdf.Type kdf() {
      return cryptsetup.kdf;
    }
  }

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
    for (Map.Entry<String, LinuxProfile> e : LINUX.entrySet()) {
      if (matches(image.osVersion(), e.getKey())) {
        return e.getValue();
      }
    }
    throw new AdeRefusedException("ADE does not support Linux release '" + image.osVersion() + "' (image "
        + image.name() + "): supported are " + LINUX.keySet());
  }

  /** {@code version} is {@code release} or one of its point releases ("RHEL 8.6"), not "RHEL 80". */
  private static boolean matches(String version, String release) {
    return version.equals(release) || (version.startsWith(release)
        && (version.charAt(release.length()) == '.' || version.charAt(release.length()) == ' '
        || version.charAt(release.length()) == '-'));
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
