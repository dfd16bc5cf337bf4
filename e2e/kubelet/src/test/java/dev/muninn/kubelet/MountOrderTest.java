package dev.muninn.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The bind mounts of a container never hide one another's sources, and parents come before children. */
class MountOrderTest {
    private static PodVolumes.Mount mount(String source, String target) {
        return new PodVolumes.Mount(Path.of(source), target, false);
    }

    @Test
    void anEmptyDirAtTmpComesAfterVolumesWhoseSourcesLiveUnderTmp() {
        PodVolumes.Mount tmp = mount("/tmp/clone/.k8s/kubelet/pods/u/volumes/tmp", "/tmp");
        PodVolumes.Mount token = mount("/tmp/clone/.k8s/kubelet/pods/u/volumes/kube-api-access",
                "/var/run/secrets/kubernetes.io/serviceaccount");
        assertThat(MountOrder.sort(List.of(tmp, token))).containsExactly(token, tmp);
    }

    @Test
    void parentsComeBeforeTheirChildren() {
        PodVolumes.Mount data = mount("/state/volumes/data", "/data");
        PodVolumes.Mount backups = mount("/state/volumes/backups", "/data/backups");
        PodVolumes.Mount config = mount("/state/volumes/config", "/etc/app");
        assertThat(MountOrder.sort(List.of(backups, config, data))).containsSubsequence(data, backups)
                .hasSize(3);
    }

    @Test
    void whenTheRulesConflictTheParentStillComesFirst() {
        // /tmp/a is both the parent of the second target and the home of its source: parents win.
        PodVolumes.Mount parent = mount("/state/volumes/p", "/tmp/a");
        PodVolumes.Mount child = mount("/tmp/a/source", "/tmp/a/b");
        assertThat(MountOrder.sort(List.of(child, parent))).containsExactly(parent, child);
    }
}
