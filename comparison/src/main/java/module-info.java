/**
 * The comparison of the encryption options: each option deployed, audited surface by surface, and
 * the table derived from what was observed ({@code Comparison.derive}).
 */
module io.diskcrypt.comparison {
  requires transitive io.diskcrypt.ade;
  requires transitive io.diskcrypt.confidential;
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.host;
  requires transitive io.diskcrypt.keyvault;
  requires transitive io.diskcrypt.sse;
  requires com.fasterxml.jackson.databind;

  exports io.diskcrypt.compare;
}
