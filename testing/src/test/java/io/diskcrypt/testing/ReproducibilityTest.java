package io.diskcrypt.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.diskcrypt.ade.AdeSettings;
import io.diskcrypt.ade.VolumeType;
import io.diskcrypt.core.block.Sectors;
import io.diskcrypt.core.crypto.Randomness;
import io.diskcrypt.core.keys.WrappedKey;
import io.diskcrypt.core.media.Surface;
import io.diskcrypt.core.model.Image;
import io.diskcrypt.core.topology.CachePolicy;
import io.diskcrypt.core.topology.ManagedDisk;
import io.diskcrypt.core.topology.ResourceJson;
import io.diskcrypt.core.topology.SurfaceRole;
import io.diskcrypt.core.topology.VirtualMachine;
import io.diskcrypt.core.topology.VmSurface;
import io.diskcrypt.keyvault.KeySpec;
import io.diskcrypt.keyvault.VaultItem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Reproducibility as a whole: one scenario that touches every option (a customer key, its rotation and
 * revocation, ADE with BitLocker and with LUKS (under a KEK), encryption at host, a snapshot restored, bit
 * flips, the vault served over HTTPS) run twice with one seed gives the same observable results: every
 * surface's bytes, every disk's wrapped keys and model, every vault object's id and version, the served
 * vault's request ids and the region's timeline. Without the seed, two runs differ.
 */
class ReproducibilityTest {
  static final List<Map<String, String>> OBSERVED = new CopyOnWriteArrayList<>();

  /** The scenario, run by {@link #scenario}; returns what a tester can observe, as name to value or hash. */
  static Map<String, String> scenario(SimulatedRegion region) throws Exception {
    CustomerKey orders = region.customerKey("orders-key");
    VirtualMachine app = region.vm("app-vm").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
    region.useCustomerKey(app.disk("data0"), orders);
    VirtualMachine win = region.vm("win-vm").image(Image.WINDOWS_SERVER_2022)
        .dataDisk(Sectors.gib(64), CachePolicy.NONE).build();
    VirtualMachine lin = region.vm("lin-vm").dataDisk(Sectors.gib(64), CachePolicy.READ_WRITE).build();
    VirtualMachine host = region.vm("host-vm").dataDisk(Sectors.gib(64), CachePolicy.READ_ONLY).build();
    region.encryptionAtHost().enable(host);
    for (VirtualMachine vm : List.of(app, win, lin, host)) {
      vm.start();
      for (var disk : vm.disks()) {
        disk.write(3, sector(vm.name() + "/" + disk.name() + " before ADE"));
        disk.flush();
      }
    }
    String kek = region.vault().createKey(region.admin(), "ade-kek", KeySpec.rsa(2048)).id();
    region.ade().enable(win, AdeSettings.builder(region.vault().uri(), region.admin()).volumeType(VolumeType.ALL).build());
    region.ade().enable(lin, AdeSettings.builder(region.vault().uri(), region.admin()).volumeType(VolumeType.DATA)
        .keyEncryptionKeyUrl(kek).build());
    win.disk("data0").guestVolume().write(5, sector("win after ADE"));
    lin.disk("data0").guestVolume().write(5, sector("lin after ADE"));
    win.disk("data0").guestVolume().flush();
    lin.disk("data0").guestVolume().flush();

    String rotated = region.vault().rotateKey(region.admin(), orders.name()).id();
    region.sse().updateActiveKey(orders.diskEncryptionSet(), rotated);
    region.advance(Duration.ofMinutes(30));
    region.restore(region.snapshot(app.disk("data0"), "app-data0-snap"), host, "restored");
    region.faults().flipBits(host.disk("restored").managedDisk().media(), 2);

    List<String> requestIds = new ArrayList<>();
    ServedVault served = region.vaultServer();
    HttpClient http = HttpClient.newBuilder().sslContext(served.clientSslContext()).build();
    for (String value : List.of("first", "second")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(served.vaultUrl() + "/secrets/app-config?api-version=7.5"))
          .header("Authorization", "Bearer " + served.bearerToken()).header("Content-Type", "application/json")
          .PUT(HttpRequest.BodyPublishers.ofString("{\"value\":\"" + value + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      requestIds.add(r.headers().firstValue("x-ms-request-id").orElseThrow());
    }

    orders.disable(); // the rotated version, which the disk encryption set uses now
    region.advance(Duration.ofHours(1));
    assertThat(app.state().name()).isEqualTo("STOPPED");
    return observe(region, requestIds);
  }

  private static byte[] sector(String text) {
    return Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 512);
  }

  private static Map<String, String> observe(SimulatedRegion region, List<String> requestIds) throws Exception {
    Map<String, String> seen = new TreeMap<>();
    for (VirtualMachine vm : region.cloud().vms()) {
      seen.put("vm " + vm.name(), ResourceJson.vm(vm));
      for (VmSurface s : vm.surfaces()) {
        seen.put("surface " + s.surface().name() + " " + s.role(), hash(s.surface()));
      }
    }
    for (ManagedDisk disk : region.cloud().storageCluster().disks()) {
      seen.put("disk " + disk.name(), ResourceJson.disk(disk) + " media " + hash(disk.media()));
      for (Map.Entry<String, WrappedKey> k : disk.wrappedKeys().entrySet()) {
        seen.put("wrapped " + disk.name() + " " + k.getKey(), k.getValue().keyId() + " " + k.getValue().algorithm()
            + " " + HexFormat.of().formatHex(sha256(k.getValue().ciphertext())));
      }
    }
    for (VaultItem key : region.vault().keys().list(region.admin())) {
      seen.put("key " + key.objectId().name(), region.vault().keys().listVersions(region.admin(), key.objectId().name())
          .stream().map(v -> v.objectId().toString()).sorted().toList().toString());
    }
    for (VaultItem secret : region.vault().secrets().list(region.admin())) {
      String name = secret.objectId().name();
      seen.put("secret " + name, region.vault().secrets().listVersions(region.admin(), name).stream()
          .map(v -> v.objectId().toString()).sorted().toList() + " value " + HexFormat.of().formatHex(
              sha256(region.vault().secrets().get(region.admin(), name).value().getBytes(StandardCharsets.UTF_8))));
    }
    seen.put("request ids", requestIds.toString());
    seen.put("timeline", region.timeline());
    return seen;
  }

  private static String hash(Surface surface) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    for (long sector : surface.heldSectors()) {
      sha.update(Long.toString(sector).getBytes(StandardCharsets.US_ASCII));
      sha.update(surface.readRaw(sector).orElseThrow());
    }
    return surface.sectorsHeld() + " sectors " + HexFormat.of().formatHex(sha.digest());
  }

  private static byte[] sha256(byte[] bytes) throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(bytes);
  }

  /** The scenario as a tester writes it: under the extension, with a setup method that draws too. */
  @DiskcryptTest
  static class UnderTheExtension {
    @BeforeEach
    void setUp(SimulatedRegion region) {
      region.customerKey("setup-key");
    }

    @Test
    void wholeScenario(SimulatedRegion region) throws Exception {
      OBSERVED.add(ReproducibilityTest.scenario(region));
    }
  }

  private static void runUnderTheExtension() {
    Collection<TestExecutionResult> results = NestedTests.run(UnderTheExtension.class).values();
    assertThat(results).hasSize(1);
    results.iterator().next().getThrowable().ifPresent(t -> {
      throw new AssertionError("the scenario failed", t);
    });
  }

  @Test
  void oneScenarioTwiceUnderTheExtension_sameBytesIdsAndTimeline() {
    OBSERVED.clear();
    runUnderTheExtension();
    runUnderTheExtension();

    assertThat(OBSERVED).hasSize(2);
    Map<String, String> first = OBSERVED.get(0);
    assertThat(first).containsKeys("disk win-vm-data0", "disk lin-vm-data0", "disk host-vm-restored", "key orders-key",
        "secret app-config", "request ids", "timeline");
    assertThat(first.keySet()).anyMatch(k -> k.startsWith("surface") && k.endsWith(SurfaceRole.CACHE_MEDIA.name()));
    assertThat(first.keySet()).filteredOn(k -> k.startsWith("secret ")).hasSizeGreaterThanOrEqualTo(3);
    assertThat(OBSERVED.get(1)).isEqualTo(first);
  }

  @Test
  void aRegionBuiltWithASeed_inItsSeededScope_repeats_withoutASeed_differs() throws Exception {
    Map<String, String> first;
    Map<String, String> second;
    try (SimulatedRegion region = SimulatedRegion.builder().seed(99).build();
        Randomness.Scope seeded = region.seededRandomness()) {
      first = scenario(region);
    }
    try (SimulatedRegion region = SimulatedRegion.builder().seed(99).build();
        Randomness.Scope seeded = region.seededRandomness()) {
      second = scenario(region);
    }
    Map<String, String> unseeded;
    try (SimulatedRegion region = SimulatedRegion.builder().randomKeys().build();
        Randomness.Scope scope = region.seededRandomness()) {
      unseeded = scenario(region);
    }

    assertThat(second).isEqualTo(first);
    assertThat(unseeded.keySet()).as("ADE's secrets are named by fresh GUIDs").isNotEqualTo(first.keySet());
    for (String observation : List.of("disk win-vm-data0", "disk lin-vm-data0", "disk app-vm-data0", "key orders-key",
        "request ids")) {
      assertThat(unseeded.get(observation)).as(observation).isNotEqualTo(first.get(observation));
    }
  }
}
