package io.diskcrypt.core.model;

import java.util.Map;

/**
 * A VM extension in the VM model, as a typed record of the option that installs it (Azure Disk
 * Encryption's is {@code io.diskcrypt.ade.AzureDiskEncryptionExtension}). The model holds at most one
 * extension of each {@link #type()}; installing one again replaces its settings, as Azure does.
 * Decisions are made on the record's type and fields; the strings here are for printing.
 */
public interface VmExtension {
  /** {@code publisher}, such as {@code Microsoft.Azure.Security}. */
  String publisher();

  /** {@code type}, such as {@code AzureDiskEncryptionForLinux}: also the extension's name in the model. */
  String type();

  /** {@code typeHandlerVersion}, such as {@code 1.1}. */
  String typeHandlerVersion();

  /** {@code settings}, the public settings with their wire names, in order, for printing. */
  Map<String, String> settings();
}
