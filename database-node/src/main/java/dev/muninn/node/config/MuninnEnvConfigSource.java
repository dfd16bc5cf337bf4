package dev.muninn.node.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Exposes environment variables named {@code MUNINN_<Setting>} as the RavenDB-style setting of the same
 * name, with {@code _} standing for {@code .}: {@code MUNINN_ServerUrl_Tcp} becomes {@code ServerUrl.Tcp}.
 * Quarkus' own environment source upper-cases names, which cannot express RavenDB's mixed-case keys.
 */
public final class MuninnEnvConfigSource implements ConfigSource {
    static final String PREFIX = "MUNINN_";
    private final Map<String, String> properties;

    public MuninnEnvConfigSource() {
        this(System.getenv());
    }

    MuninnEnvConfigSource(Map<String, String> environment) {
        Map<String, String> map = new HashMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(PREFIX) && name.length() > PREFIX.length()) {
                map.put(name.substring(PREFIX.length()).replace('_', '.'), value);
            }
        });
        this.properties = Map.copyOf(map);
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "muninn-environment";
    }

    /** Above application.properties (250), below system properties (400), like Quarkus' env source (300). */
    @Override
    public int getOrdinal() {
        return 300;
    }
}
