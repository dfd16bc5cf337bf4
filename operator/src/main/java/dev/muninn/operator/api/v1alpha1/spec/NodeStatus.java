package dev.muninn.operator.api.v1alpha1.spec;

/** One node as the operator last saw it: its pod, Raft tag, URL, role (member or watcher) and readiness. */
public class NodeStatus {
    private String name;
    private String tag;
    private String url;
    private String role;
    private boolean ready;

    public NodeStatus() {
    }

    public NodeStatus(String name, String tag, String url, String role, boolean ready) {
        this.name = name;
        this.tag = tag;
        this.url = url;
        this.role = role;
        this.ready = ready;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }

    public boolean isReady() {
        return ready;
    }

    public void setReady(boolean ready) {
        this.ready = ready;
    }
}
