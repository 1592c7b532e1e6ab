package io.diskcrypt.keyvault.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.diskcrypt.keyvault.RotationPolicy;
import io.diskcrypt.keyvault.RotationPolicy.LifetimeAction;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Rotation policies as JSON: {@code lifetimeActions} of {@code trigger} ({@code timeAfterCreate} or
 * {@code timeBeforeExpiry}) and {@code action} ({@code Rotate} or {@code Notify}), and {@code
 * attributes.expiryTime}, all ISO 8601 durations. A key without a policy answers the service's default:
 * notify 30 days before expiry.
 *
 * <p>Durations are held in days: {@code P1Y} is read as 365 days and {@code P1M} as 30, and written
 * back as {@code P365D} and {@code P30D}.
 */
final class RotationPolicies {
  private RotationPolicies() {}

  static ObjectNode toJson(Optional<RotationPolicy> policy, String id) {
    ObjectNode o = Wire.object();
    o.put("id", id);
    ArrayNode actions = o.putArray("lifetimeActions");
    ObjectNode attrs = o.putObject("attributes");
    if (policy.isEmpty()) {
      actions.add(action("timeBeforeExpiry", Duration.ofDays(30), "Notify"));
      return o;
    }
    for (LifetimeAction a : policy.get().lifetimeActions()) {
      String type = a.type() == LifetimeAction.Type.ROTATE ? "Rotate" : "Notify";
      if (a.timeAfterCreate().isPresent()) {
        actions.add(action("timeAfterCreate", a.timeAfterCreate().get(), type));
      } else {
        actions.add(action("timeBeforeExpiry", a.timeBeforeExpiry().orElseThrow(), type));
      }
    }
    policy.get().expiryTime().ifPresent(e -> attrs.put("expiryTime", iso(e)));
    return o;
  }

  private static ObjectNode action(String trigger, Duration d, String type) {
    ObjectNode a = Wire.object();
    a.putObject("trigger").put(trigger, iso(d));
    a.putObject("action").put("type", type);
    return a;
  }

  static RotationPolicy fromJson(ObjectNode body) throws RestError {
    List<LifetimeAction> actions = new ArrayList<>();
    JsonNode list = body.get("lifetimeActions");
    if (list != null && !list.isNull()) {
      if (!list.isArray()) {
        throw RestError.badParameter("Property 'lifetimeActions' must be an array");
      }
      for (JsonNode n : list) {
        if (!n.isObject()) {
          throw RestError.badParameter("Each lifetime action must be a JSON object");
        }
        ObjectNode trigger = Wire.object((ObjectNode) n, "trigger")
            .orElseThrow(() -> RestError.badParameter("A lifetime action needs a 'trigger'"));
        ObjectNode action = Wire.object((ObjectNode) n, "action")
            .orElseThrow(() -> RestError.badParameter("A lifetime action needs an 'action'"));
        String type = Wire.requiredText(action, "type").toLowerCase(Locale.ROOT);
        LifetimeAction.Type t = switch (type) {
          case "rotate" -> LifetimeAction.Type.ROTATE;
          case "notify" -> LifetimeAction.Type.NOTIFY;
          default -> throw RestError.badParameter("Invalid lifetime action type '" + type + "'; allowed: Rotate, Notify");
        };
        Optional<Duration> after = duration(trigger, "timeAfterCreate");
        Optional<Duration> before = duration(trigger, "timeBeforeExpiry");
        if (after.isPresent() == before.isPresent()) {
          throw RestError.badParameter("A lifetime action's trigger needs exactly one of timeAfterCreate and timeBeforeExpiry");
        }
        actions.add(new LifetimeAction(t, after, before));
      }
    }
    Optional<Duration> expiry = Optional.empty();
    Optional<ObjectNode> attrs = Wire.object(body, "attributes");
    if (attrs.isPresent()) {
      expiry = duration(attrs.get(), "expiryTime");
    }
    return new RotationPolicy(actions, expiry);
  }

  private static Optional<Duration> duration(ObjectNode o, String field) throws RestError {
    Optional<String> s = Wire.text(o, field);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    String v = s.get().toUpperCase(Locale.ROOT);
    try {
      if (v.contains("T")) {
        return Optional.of(Duration.parse(v));
      }
      Period p = Period.parse(v);
      if (p.isNegative()) {
        throw RestError.badParameter("Property '" + field + "' must not be negative: " + s.get());
      }
      return Optional.of(Duration.ofDays(p.getYears() * 365L + p.getMonths() * 30L + p.getDays()));
    } catch (DateTimeParseException e) {
      throw RestError.badParameter("Property '" + field + "' is not an ISO 8601 duration such as P90D: " + s.get());
    }
  }

  private static String iso(Duration d) {
    return d.toSeconds() % 86400 == 0 ? "P" + d.toDays() + "D" : d.toString();
  }
}
