package io.diskcrypt.core.topology;

import io.diskcrypt.core.model.DiskEncryption;
import io.diskcrypt.core.model.DiskSecurityProfile;
import io.diskcrypt.core.model.EncryptionSettingsCollection;
import io.diskcrypt.core.model.SecurityType;
import io.diskcrypt.core.model.VmExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the typed model as Azure's resource JSON shows it (the subset this simulation models): the
 * one place where the property paths of the VM and disk resources are spelled. What Azure omits when
 * unset (a Standard security type, a disk without a security profile) is omitted here too.
 */
public final class ResourceJson {
  private ResourceJson() {}

  /** The VM resource: size, security profile, disks (with their managed disks' settings) and extensions. */
  public static String vm(VirtualMachine vm) {
    return write(vmModel(vm), 0);
  }

  /** The managed disk resource: creation data, encryption, security profile, ADE's encryption settings. */
  public static String disk(ManagedDisk disk) {
    return write(diskModel(disk), 0);
  }

  static Map<String, Object> vmModel(VirtualMachine vm) {
    Map<String, Object> security = new LinkedHashMap<>();
    security.put("encryptionAtHost", vm.securityProfile().encryptionAtHost());
    if (vm.securityProfile().securityType() != SecurityType.STANDARD) {
      security.put("securityType", vm.securityProfile().securityType().wireName());
    }
    Map<String, Object> storage = new LinkedHashMap<>();
    List<Object> dataDisks = new ArrayList<>();
    int lun = 0;
    for (VirtualDisk disk : vm.disks()) {
      if (!disk.role().managed()) {
        continue;
      }
      Map<String, Object> attachment = new LinkedHashMap<>();
      if (disk.role() == DiskRole.DATA) {
        attachment.put("lun", lun++);
      }
      attachment.put("name", disk.managedDisk().name());
      attachment.put("caching", disk.cachePolicy().wireName());
      attachment.put("managedDisk", attachedDisk(disk.managedDisk()));
      if (disk.role() == DiskRole.OS) {
        storage.put("osDisk", attachment);
      } else {
        dataDisks.add(attachment);
      }
    }
    storage.put("dataDisks", dataDisks);
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("hardwareProfile", Map.of("vmSize", vm.size().name()));
    properties.put("securityProfile", security);
    properties.put("storageProfile", storage);
    List<Object> resources = new ArrayList<>();
    for (VmExtension extension : vm.extensions()) {
      Map<String, Object> ext = new LinkedHashMap<>();
      ext.put("publisher", extension.publisher());
      ext.put("type", extension.type());
      ext.put("typeHandlerVersion", extension.typeHandlerVersion());
      ext.put("settings", new LinkedHashMap<String, Object>(extension.settings()));
      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put("name", extension.type());
      resource.put("properties", ext);
      resources.add(resource);
    }
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", vm.name());
    model.put("location", vm.region());
    model.put("properties", properties);
    model.put("resources", resources);
    return model;
  }

  /** {@code managedDisk} of a VM's disk attachment: the set and security profile Azure shows there. */
  private static Map<String, Object> attachedDisk(ManagedDisk disk) {
    Map<String, Object> managed = new LinkedHashMap<>();
    disk.encryption().flatMap(DiskEncryption::diskEncryptionSetId)
        .ifPresent(id -> managed.put("diskEncryptionSet", Map.of("id", id)));
    if (!disk.securityProfile().equals(DiskSecurityProfile.NONE)) {
      managed.put("securityProfile", securityProfile(disk.securityProfile()));
    }
    return managed;
  }

  static Map<String, Object> diskModel(ManagedDisk disk) {
    Map<String, Object> properties = new LinkedHashMap<>();
    Map<String, Object> creation = new LinkedHashMap<>();
    creation.put("createOption", disk.creationData().createOption().wireName());
    disk.creationData().sourceResourceId().ifPresent(id -> creation.put("sourceResourceId", id));
    properties.put("creationData", creation);
    properties.put("diskSizeGB", disk.sizeBytes() >> 30);
    disk.encryption().ifPresent(e -> {
      Map<String, Object> encryption = new LinkedHashMap<>();
      encryption.put("type", e.type().wireName());
      e.diskEncryptionSetId().ifPresent(id -> encryption.put("diskEncryptionSetId", id));
      properties.put("encryption", encryption);
    });
    if (!disk.securityProfile().equals(DiskSecurityProfile.NONE)) {
      properties.put("securityProfile", securityProfile(disk.securityProfile()));
    }
    disk.encryptionSettings().ifPresent(s -> properties.put("encryptionSettingsCollection", settings(s)));
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("name", disk.name());
    model.put("properties", properties);
    return model;
  }

  private static Map<String, Object> securityProfile(DiskSecurityProfile profile) {
    Map<String, Object> out = new LinkedHashMap<>();
    profile.securityEncryptionType().ifPresent(t -> out.put("securityEncryptionType", t.wireName()));
    profile.secureVmDiskEncryptionSetId().ifPresent(id -> out.put("secureVMDiskEncryptionSetId", id));
    return out;
  }

  private static Map<String, Object> settings(EncryptionSettingsCollection s) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("secretUrl", s.secretUrl());
    key.put("sourceVault", Map.of("id", s.secretVaultId()));
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("diskEncryptionKey", key);
    s.keyEncryptionKeyUrl().ifPresent(url -> {
      Map<String, Object> kek = new LinkedHashMap<>();
      kek.put("keyUrl", url);
      kek.put("sourceVault", Map.of("id", s.keyEncryptionKeyVaultId().orElseThrow()));
      one.put("keyEncryptionKey", kek);
    });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", s.enabled());
    out.put("encryptionSettings", List.of(one));
    out.put("encryptionSettingsVersion", EncryptionSettingsCollection.VERSION);
    return out;
  }

  /** JSON text of maps, lists, strings, numbers and booleans, indented by two spaces. */
  private static String write(Object value, int depth) {
    String pad = "  ".repeat(depth + 1);
    String end = "  ".repeat(depth);
    if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        return "{}";
      }
      StringBuilder out = new StringBuilder("{\n");
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(pad).append(quote(String.valueOf(e.getKey()))).append(": ").append(write(e.getValue(), depth + 1))
            .append(++i < map.size() ? ",\n" : "\n");
      }
      return out.append(end).append('}').toString();
    }
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return "[]";
      }
      StringBuilder out = new StringBuilder("[\n");
      for (int i = 0; i < list.size(); i++) {
        out.append(pad).append(write(list.get(i), depth + 1)).append(i + 1 < list.size() ? ",\n" : "\n");
      }
      return out.append(end).append(']').toString();
    }
    if (value instanceof Boolean || value instanceof Number) {
      return value.toString();
    }
    return quote(String.valueOf(value));
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
