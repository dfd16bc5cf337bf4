package dev.muninn.nodeclient;

import java.util.List;
import java.util.Map;

/** Where a database lives: members, promotables and rehabs (with why each was demoted), and its factor. */
public record DatabaseTopology(String name, List<String> members, List<String> promotables, List<String> rehabs,
                               Map<String, String> demotionReasons, int replicationFactor) {
}
