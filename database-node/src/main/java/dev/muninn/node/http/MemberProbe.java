package dev.muninn.node.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.DatabasesLandlord;

/**
 * After a database is created, waits (briefly, best effort) until each member answers its health check, so that a
 * client reading the topology right away is not sent to a node that has not applied the record yet.
 */
@Singleton
public class MemberProbe {
    private static final Logger LOG = Logger.getLogger(MemberProbe.class);
    private static final Duration WAIT = Duration.ofSeconds(5);

    @Inject
    ClusterState cluster;

    @Inject
    DatabasesLandlord landlord;

    private final HttpClient http;

    @Inject
    MemberProbe(dev.muninn.node.runtime.NodeSecurity security) {
        this.http = security.peerHttpClient().connectTimeout(Duration.ofSeconds(1)).build();
    }

    void awaitServing(DatabaseRecord record) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String tag : record.members()) {
            if (tag.equals(cluster.nodeTag().orElse(null))) {
                try {
                    landlord.get(record.name());
                } catch (dev.muninn.node.documents.DatabaseUnavailableException e) {
                    // created, but it cannot open here yet (its encryption key, a full disk): requests say why
                }
                continue;
            }
            String url = cluster.urlOf(tag) + "/databases/" + record.name() + "/healthcheck";
            while (System.nanoTime() < deadline && !healthy(url)) {
                sleep();
            }
        }
        if (System.nanoTime() >= deadline) {
            LOG.warnf("node=%s db=%s event=members-not-ready-after-create", cluster.nodeTagOrUnknown(), record.name());
        }
    }

    private boolean healthy(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
