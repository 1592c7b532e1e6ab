package io.diskcrypt.compare;

import io.diskcrypt.core.time.SimClock;
import io.diskcrypt.core.topology.Cloud;
import java.util.Objects;

/**
 * A fresh simulated region for one row of the comparison, so that rows cannot disturb each other:
 * its cloud (clock, ledger, hosts, storage).
 */
public final class Lab {
  /** The region every lab simulates. */
  public static final String REGION = "westeurope";

  private final Cloud cloud;

  private Lab(Cloud cloud) {
    this.cloud = Objects.requireNonNull(cloud, "cloud");
  }

  /** A new lab on a new clock. */
  public static Lab create() {
    return new Lab(Cloud.create(REGION, new SimClock()));
  }

  /** The simulated region. */
  public Cloud cloud() {
    return cloud;
  }
}
