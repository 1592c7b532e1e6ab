/**
 * The test kit, the one dependency a harness user adds: {@link io.diskcrypt.testing.SimulatedRegion}
 * (a region with every option wired and test-friendly defaults), {@link
 * io.diskcrypt.testing.CustomerKey}, the JUnit 5 extension ({@link io.diskcrypt.testing.DiskcryptTest}
 * / {@link io.diskcrypt.testing.DiskcryptExtension}) and AssertJ assertions that cannot pass vacuously
 * ({@link io.diskcrypt.testing.DiskcryptAssertions}).
 */
package io.diskcrypt.testing;
