package io.diskcrypt.keyvault;

import io.diskcrypt.core.topology.Cloud;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a vault, or a Managed HSM, is created. Build a vault with {@link #builder(String)} and a Managed
 * HSM with {@link #managedHsm(String)}.
 *
 * <p>A Managed HSM ({@link VaultKind#MANAGED_HSM}) holds HSM-protected keys only (its SKU is {@link
 * Sku#PREMIUM}), authorizes with its local RBAC roles only ({@code rbacAuthorization} true), and has
 * no {@code enabledForDiskEncryption} flag (Azure Disk Encryption takes Key Vault only); the
 * constructor refuses a spec that says otherwise, naming the field.
 *
 * @param name the vault name: 3 to 24 characters, letters, digits and dashes, starting with a letter,
 *     ending with a letter or digit, no two dashes in a row (it becomes {@code {name}.vault.azure.net})
 * @param region such as {@code westeurope}
 * @param subscription the subscription id or name
 * @param sku standard (software keys) or premium (software and HSM keys)
 * @param softDeleteRetentionDays 7 to 90; deleted objects stay recoverable this long
 * @param purgeProtection when true, deleted objects cannot be purged before retention ends; once on, it
 *     cannot be turned off
 * @param enabledForDiskEncryption whether Azure Disk Encryption may read secrets and wrap with keys
 * @param rbacAuthorization true: Azure RBAC roles decide access; false: access policies decide
 * @param kind a Key Vault or a Managed HSM
 */
public record VaultSpec(
    String name,
    String region,
    String subscription,
    Sku sku,
    int softDeleteRetentionDays,
    boolean purgeProtection,
    boolean enabledForDiskEncryption,
    boolean rbacAuthorization,
    VaultKind kind) {

  /** The vault's pricing tier; premium adds HSM-protected keys (a Managed HSM has only those). */
  public enum Sku {
    /** Software-protected keys only. */
    STANDARD,
    /** Software and HSM-protected keys. */
    PREMIUM
  }

  /** The default soft-delete retention: 90 days. */
  public static final int DEFAULT_RETENTION_DAYS = 90;

  private static final Pattern NAME = Pattern.compile("^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$");

  /** Validates every field; names the field and the allowed range when one is wrong. */
  public VaultSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(kind, "kind");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("vault name '" + name + "' must be 3-24 characters of letters, digits"
          + " and dashes, start with a letter, end with a letter or digit, with no '--'");
    }
    name = name.toLowerCase(java.util.Locale.ROOT);
    if (region.isBlank() || subscription.isBlank()) {
      throw new IllegalArgumentException("vault region and subscription must not be blank");
    }
    if (kind == VaultKind.MANAGED_HSM) {
      if (!rbacAuthorization) {
        throw new IllegalArgumentException("Managed HSM '" + name + "' authorizes with its local RBAC roles only:"
            + " rbacAuthorization must be true");
      }
      if (enabledForDiskEncryption) {
        throw new IllegalArgumentException("Managed HSM '" + name + "' has no enabledForDiskEncryption flag:"
            + " Azure Disk Encryption takes Key Vault only");
      }
      if (sku != Sku.PREMIUM) {
        throw new IllegalArgumentException("Managed HSM '" + name + "' holds HSM-protected keys only: its sku is"
            + " PREMIUM, not " + sku);
      }
    }
    if (softDeleteRetentionDays < 7 || softDeleteRetentionDays > 90) {
      throw new IllegalArgumentException(
          "softDeleteRetentionDays must be 7..90, got " + softDeleteRetentionDays);
    }
  }

  /**
   * A builder for a vault named {@code name}, with defaults: region {@code westeurope}, subscription
   * {@link Cloud#DEFAULT_SUBSCRIPTION} (the default VM's, as ADE requires), standard SKU, 90 days
   * retention, no purge protection, not enabled for disk encryption, access policies (not RBAC).
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * A builder for a Managed HSM named {@code name} ({@code https://{name}.managedhsm.azure.net}), with
   * the defaults of {@link #builder(String)} except: HSM keys only (premium), local RBAC. Purge
   * protection is off unless set, as for a vault.
   */
  public static Builder managedHsm(String name) {
    Builder b = new Builder(name);
    b.kind = VaultKind.MANAGED_HSM;
    b.sku = Sku.PREMIUM;
    b.rbacAuthorization = true;
    return b;
  }

  /** A builder with the same defaults as {@link #builder(String)}; set the name with {@code name(..)}. */
  public static Builder builder() {
    return new Builder(null);
  }

  /** Builds a {@link VaultSpec}; every setter returns the builder. */
  public static final class Builder {
    private String name;
    private String region = "westeurope";
    private String subscription = Cloud.DEFAULT_SUBSCRIPTION;
    private Sku sku = Sku.STANDARD;
    private int retentionDays = DEFAULT_RETENTION_DAYS;
    private boolean purgeProtection;
    private boolean enabledForDiskEncryption;
    private boolean rbacAuthorization;
    private VaultKind kind = VaultKind.KEY_VAULT;

    private Builder(String name) {
      this.name = name;
    }

    /** The vault name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The region, such as {@code westeurope}. */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** The subscription. */
    public Builder subscription(String subscription) {
      this.subscription = subscription;
      return this;
    }

    /** The SKU. */
    public Builder sku(Sku sku) {
      this.sku = sku;
      return this;
    }

    /** Soft-delete retention in days, 7..90. */
    public Builder softDeleteRetentionDays(int days) {
      this.retentionDays = days;
      return this;
    }

    /** Purge protection (irreversible once on). */
    public Builder purgeProtection(boolean on) {
      this.purgeProtection = on;
      return this;
    }

    /** The {@code enabledForDiskEncryption} flag. */
    public Builder enabledForDiskEncryption(boolean on) {
      this.enabledForDiskEncryption = on;
      return this;
    }

    /** Azure RBAC (true) or access policies (false). */
    public Builder rbacAuthorization(boolean on) {
      this.rbacAuthorization = on;
      return this;
    }

    /** The spec; throws {@link IllegalArgumentException} naming the first bad field. */
    public VaultSpec build() {
      return new VaultSpec(name, region, subscription, sku, retentionDays, purgeProtection,
          enabledForDiskEncryption, rbacAuthorization, kind);
    }
  }
}
