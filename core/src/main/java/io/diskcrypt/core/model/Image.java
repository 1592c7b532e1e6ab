package io.diskcrypt.core.model;

import java.util.Objects;

/**
 * The image a VM boots from: a marketplace image (publisher, offer, SKU) or a custom image.
 *
 * @param name the image URN ({@code publisher:offer:sku}) or the custom image's name
 * @param os the guest OS family
 * @param osVersion the OS release, such as {@code "22.04"} or {@code "Windows Server 2022"}
 * @param custom true for a custom (customer-built) image
 */
public record Image(String name, OsType os, String osVersion, boolean custom) {
  /** Ubuntu Server 22.04 LTS from the marketplace. */
  public static final Image UBUNTU_22_04 =
      new Image("Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2", OsType.LINUX, "Ubuntu 22.04", false);
  /** Red Hat Enterprise Linux 9 from the marketplace. */
  public static final Image RHEL_9 = new Image("RedHat:RHEL:9-lvm-gen2", OsType.LINUX, "RHEL 9", false);
  /** Windows Server 2022 Datacenter from the marketplace. */
  public static final Image WINDOWS_SERVER_2022 =
      new Image("MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2", OsType.WINDOWS, "Windows Server 2022", false);
  /** Windows Server 2016 Datacenter from the marketplace. */
  public static final Image WINDOWS_SERVER_2016 =
      new Image("MicrosoftWindowsServer:WindowsServer:2016-datacenter-gensecond", OsType.WINDOWS, "Windows Server 2016", false);

  /** Checks every part is present. */
  public Image {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(osVersion, "osVersion");
  }

  /** A custom image. */
  public static Image custom(String name, OsType os, String osVersion) {
    return new Image(name, os, osVersion, true);
  }
}
