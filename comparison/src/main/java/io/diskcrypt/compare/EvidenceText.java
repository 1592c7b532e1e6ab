package io.diskcrypt.compare;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cell's evidence in plain sentences, for people reading a page rather than JSON: what was done to
 * the simulated VM and what was observed.
 */
public final class EvidenceText {
  private EvidenceText() {}

  /** The evidence of {@code cell} in column {@code column}, as sentences. */
  public static String of(Column column, Cell cell) {
    Map<String, Object> e = cell.evidence();
    if (e.get("error") instanceof String error) {
      return "The experiment failed: " + error + ".";
    }
    return switch (column) {
      case ENCRYPTION_AT_REST, CACHES, LINK_ENCRYPTED -> scan(e);
      case TEMP_DISK -> scan(e) + (e.containsKey("size") ? " VM size " + e.get("size") + "; temp disk keys: " + e.get("tempDiskKeys")
          + (e.get("preview") instanceof String preview ? "; " + preview : "") + "." : "");
      case CUSTOMER_KEY_CONTROL -> keyControl(e);
      case NO_VM_CPU -> cpu(e);
      case CUSTOM_IMAGES -> Boolean.TRUE.equals(e.get("deployed"))
          ? "The option deployed on the custom Linux image " + e.get("image") + " and the guest wrote to it."
          : "Deploying on the custom Linux image " + e.get("image") + " was refused: " + e.get("refusal") + ".";
      case DEFENDER -> e.get("recommendations") instanceof Map<?, ?> verdicts
          ? "Defender for Cloud's four recommendations, each assessed on the VM model and the guest's state (security type "
              + e.get("securityType") + ", extensions " + e.get("extensions") + ", encryption at host " + e.get("encryptionAtHost")
              + "): " + verdicts.entrySet().stream().map(v -> "\"" + v.getKey() + "\": " + v.getValue()).collect(java.util.stream.Collectors.joining("; "))
              + "."
          : String.format(Locale.ROOT,
          "A Defender-like assessor (edition %s) looked only at the VM model: extensions %s, encryption at host %s. "
              + "Without an exemption it reports %s; with one, %s.",
          e.get("edition"), e.get("extensions"), e.get("encryptionAtHost"), words(e.get("withoutExemption")), words(e.get("withExemption")));
      case HSM_SUPPORT -> "Each store was tried with an HSM-protected key of the customer"
          + (e.get("customerKeyForm") instanceof String form ? " (" + form + ")" : "") + ": Key Vault Standard: "
          + e.get("keyVaultStandard") + "; Key Vault Premium: " + e.get("keyVaultPremium") + "; Managed HSM: " + e.get("managedHsm") + ".";
      case ENHANCED_KEY_PROTECTION -> "Layers on the OS disk, outermost first: " + String.join("; ", strings(e.get("osDiskLayers")))
          + ". The option's data key was held by: " + String.join(", ", strings(e.get("heldTheDataKey")))
          + ". Restarted with its attestation made to fail, the VM " + e.get("startWithFailedAttestation") + ".";
      case ROTATION_REWRAPS_ONLY -> Boolean.FALSE.equals(e.get("measured")) ? String.valueOf(e.get("note")) + "."
          : String.format(Locale.ROOT,
              "Rotation: %s. Of %s stored sectors compared before and after, %s changed; the data %s read back afterwards.",
              e.get("rotation"), e.get("storageSectorsCompared"), e.get("storageSectorsChanged"),
              Boolean.TRUE.equals(e.get("readsBackAfterRotation")) ? "did" : "did not");
    };
  }

  private static String scan(Map<String, Object> e) {
    if (e.get("note") instanceof String note) {
      return "Nothing to observe: " + note + ".";
    }
    long hits = ((Number) e.get("hits")).longValue();
    String found = hits == 0 ? "found it in none: only ciphertext there" : "found it in " + hits + ": plaintext there";
    return String.format(Locale.ROOT, "Known plaintext was written through the guest. A scan of %s sectors (%s) %s.",
        e.get("scanned"), String.join(", ", strings(e.get("surfaces"))), found);
  }

  private static String keyControl(Map<String, Object> e) {
    if (!e.containsKey("revocation")) {
      return "The customer holds no key (" + e.get("customerKey") + "), so there is nothing to revoke.";
    }
    StringBuilder s = new StringBuilder("The customer's key is " + e.get("customerKey") + ". Then " + e.get("revocation")
        + ", and simulated time passes the platform's one-hour grace period.");
    if (e.get("readableBeforeRestart") instanceof Boolean readable) {
      s.append(readable ? " The running VM still reads its data (the key is in guest memory); it is restarted."
          : " The running VM can no longer read its data.");
    }
    s.append(" The VM is ").append(String.valueOf(e.get("stateAfterRevocation")).toLowerCase(Locale.ROOT))
        .append("; starting it: ").append(e.get("startAfterRevocation"))
        .append("; reading the data: ").append(e.get("readAfterRevocation"))
        .append(". After the key is restored, starting it: ").append(e.get("startAfterRestore"))
        .append("; reading the data: ").append(e.get("readAfterRestore")).append('.');
    return s.toString();
  }

  private static String cpu(Map<String, Object> e) {
    StringBuilder s = new StringBuilder("Crypto charged while the guest wrote:");
    String[][] accounts = {{"vmCpu", "the VM's vCPU"}, {"host", "the host"}, {"storageCluster", "the storage cluster"}};
    for (String[] account : accounts) {
      if (e.get(account[0]) instanceof Map<?, ?> figures) {
        s.append(String.format(Locale.ROOT, " %s %,d bytes;", account[1], ((Number) figures.get("bytes")).longValue()));
      }
    }
    s.setLength(s.length() - 1);
    return s.append('.').toString();
  }

  private static List<String> strings(Object list) {
    return list instanceof List<?> items ? items.stream().map(String::valueOf).toList() : List.of(String.valueOf(list));
  }

  private static String words(Object status) {
    return String.valueOf(status).toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
