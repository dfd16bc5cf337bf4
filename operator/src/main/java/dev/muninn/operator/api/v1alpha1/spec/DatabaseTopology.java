package dev.muninn.operator.api.v1alpha1.spec;

import java.util.ArrayList;
import java.util.List;

/** Where a database lives: members serve it, promotables catch up, rehabs were demoted. Node tags. */
public class DatabaseTopology {
    private List<String> members = new ArrayList<>();
    private List<String> promotables = new ArrayList<>();
    private List<String> rehabs = new ArrayList<>();

    public List<String> getMembers() {
        return members;
    }

    public void setMembers(List<String> members) {
        this.members = members;
    }

    public List<String> getPromotables() {
        return promotables;
    }

    public void setPromotables(List<String> promotables) {
        this.promotables = promotables;
    }

    public List<String> getRehabs() {
        return rehabs;
    }

    public void setRehabs(List<String> rehabs) {
        this.rehabs = rehabs;
    }
}
