package io.diskcrypt.keyvault;

import static io.diskcrypt.keyvault.TestVaults.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.function.Function;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle keys and secrets share, driven through the typed {@link VaultObjectId} API only (as a
 * REST server calls it): versions, attribute updates, soft delete, listing deleted objects, recover,
 * purge. One test body, run once for keys and once for secrets.
 */
class SharedLifecycleTest {

  /** One collection under test: how to add a version, its view, and how to make its update type. */
  private record Subject<B extends VaultObject, U>(String collection, Creator create,
      Function<KeyVault, VaultObjects<B, U>> objects, Function<AttributesUpdate, U> update) {
    @Override
    public String toString() {
      return collection;
    }
  }

  /** Adds a version of {@code name}. */
  private interface Creator {
    VaultObject create(KeyVault v, String name) throws KeyVaultException;
  }

  private static Stream<Subject<?, ?>> collections() {
    return Stream.of(
        new Subject<>("keys", (v, n) -> v.createKey(ADMIN, n, KeySpec.ec(KeyCurve.P_256)), KeyVault::keys,
            KeyAttributesUpdate::of),
        new Subject<>("secrets", (v, n) -> v.setSecret(ADMIN, n, "value of " + n, null, Map.of()), KeyVault::secrets,
            u -> u));
  }

  private final KeyVaultService service = TestVaults.service();

  @ParameterizedTest(name = "{0}")
  @MethodSource("collections")
  <B extends VaultObject, U> void versionsAndUpdates_typedIds_updateTouchesOneVersion(Subject<B, U> c) throws Exception {
    KeyVault v = TestVaults.vault(service, "life-kv");
    VaultObjects<B, U> objects = c.objects().apply(v);
    VaultObject v1 = c.create().create(v, "obj");
    VaultObject v2 = c.create().create(v, "obj");
    c.create().create(v, "another");
    VaultObjectId id = objects.id("obj");

    assertThat(objects.get(ADMIN, id).objectId()).isEqualTo(v2.objectId());
    assertThat(objects.get(ADMIN, v1.objectId()).objectId()).isEqualTo(v1.objectId());
    assertThat(objects.listVersions(ADMIN, id)).extracting(VaultObject::objectId).containsExactly(v1.objectId(), v2.objectId());
    assertThat(objects.list(ADMIN)).extracting(VaultObject::name).containsExactly("another", "obj");

    Instant exp = service.clock().instant().plusSeconds(3600);
    VaultObject updated = objects.update(ADMIN, v1.objectId(), c.update().apply(AttributesUpdate.expires(exp).withTags(Map.of("team", "disks"))));

    assertThat(updated.attributes().expires()).contains(exp);
    assertThat(updated.tags()).containsEntry("team", "disks");
    assertThat(objects.get(ADMIN, id).attributes().expires()).as("the current version is untouched").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collections")
  <B extends VaultObject, U> void update_refused_changesNothing(Subject<B, U> c) throws Exception {
    KeyVault v = TestVaults.vault(service, "life-kv");
    VaultObjects<B, U> objects = c.objects().apply(v);
    VaultObject o = c.create().create(v, "obj");
    Instant now = service.clock().instant();

    assertThatThrownBy(() -> objects.update(ADMIN, o.objectId(),
        c.update().apply(AttributesUpdate.disable().withNotBefore(now.plusSeconds(10)).withExpires(now))))
        .isInstanceOf(BadParameterException.class).hasMessageContaining("nbf");

    VaultObject after = objects.get(ADMIN, o.objectId());
    assertThat(after.attributes().enabled()).isTrue();
    assertThat(after.attributes().notBefore()).isEmpty();
    assertThat(after.attributes().updated()).isEqualTo(o.attributes().updated());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collections")
  <B extends VaultObject, U> void deleteListRecoverPurge_typedIds_sameRulesForBoth(Subject<B, U> c) throws Exception {
    KeyVault v = TestVaults.vault(service, "life-kv");
    VaultObjects<B, U> objects = c.objects().apply(v);
    VaultObject o = c.create().create(v, "obj");
    VaultObjectId id = o.objectId().versionless();

    DeletedObject<?> d = objects.delete(ADMIN, id);

    assertThat(d.object().objectId()).isEqualTo(o.objectId());
    assertThat(d.recoveryId()).isEqualTo("https://life-kv.vault.azure.net/deleted" + id.collection() + "/obj");
    assertThat(objects.getDeleted(ADMIN, id).scheduledPurgeDate()).isEqualTo(d.scheduledPurgeDate());
    assertThat(objects.listDeleted(ADMIN)).extracting(x -> x.object().name()).containsExactly("obj");
    assertThat(objects.list(ADMIN)).isEmpty();
    assertThatThrownBy(() -> objects.get(ADMIN, id)).isInstanceOf(NotFoundException.class).hasMessageContaining("is deleted");

    assertThat(objects.recover(ADMIN, id).objectId()).isEqualTo(o.objectId());
    assertThat(objects.listDeleted(ADMIN)).isEmpty();

    objects.delete(ADMIN, id);
    objects.purge(ADMIN, id);
    assertThat(objects.listDeleted(ADMIN)).isEmpty();
    assertThatThrownBy(() -> objects.recover(ADMIN, id)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("there is no deleted");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collections")
  <B extends VaultObject, U> void idOfAnotherVault_badParameterAudited(Subject<B, U> c) throws Exception {
    KeyVault v = TestVaults.vault(service, "life-kv");
    VaultObjects<B, U> objects = c.objects().apply(v);
    c.create().create(v, "obj");
    VaultObjectId foreign = VaultObjectId.parse("https://other-kv.vault.azure.net/" + c.collection() + "/obj");

    assertThatThrownBy(() -> objects.get(ADMIN, foreign)).isInstanceOf(BadParameterException.class)
        .hasMessageContaining(foreign.url()).hasMessageContaining("life-kv");
    assertThat(v.auditLog().get(v.auditLog().size() - 1)).satisfies(e -> {
      assertThat(e.objectId()).isEqualTo(foreign.url());
      assertThat(e.httpStatus()).isEqualTo(400);
    });
  }
}
