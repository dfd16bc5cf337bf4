package dev.muninn.kubelet;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.function.Consumer;

/** What every pod worker shares: the node's client and settings, its address pool, images, host names, events. */
record KubeletContext(
        KubernetesClient client,
        KubeletOptions options,
        PodAddresses addresses,
        ImageCatalog images,
        ContainerEnvironment environment,
        HostsFile hosts,
        Events events,
        Consumer<String> onPodFinished) {

    void forget(String podUid) {
        onPodFinished.accept(podUid);
    }
}
