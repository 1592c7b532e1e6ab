/** A JUnit 5 extension and AssertJ assertions for testing code against simulated encrypted disks. */
module io.diskcrypt.testing {
  requires transitive io.diskcrypt.ade;
  requires transitive io.diskcrypt.core;
  requires transitive io.diskcrypt.host;
  requires transitive io.diskcrypt.keyvault;
  requires io.diskcrypt.keyvault.server;
  requires transitive io.diskcrypt.sse;
  requires transitive org.assertj.core;
  requires transitive org.junit.jupiter.api;

  exports io.diskcrypt.testing;
}
